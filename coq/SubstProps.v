(** * Capture avoidance (CORE-SPEC sections 2 and 7.5)

    [pvars p] are the free term variables of [p] in pattern positions,
    [ffree p] its free function variables.  Substitution neither captures a
    free variable of an argument ([subst_keeps_arg_tvars],
    [subst_keeps_arg_fvars]) nor invents one ([subst_tvars_origin]); so a
    well-scoped body instantiated with well-scoped arguments is well scoped
    ([instantiate_scoped]). *)

From Coq Require Import String List Bool Arith.
From CorePyPM Require Import Syntax Subst.
Import ListNotations.

Fixpoint pvars (p : pat) : list name :=
  match p with
  | PWild => []
  | PVar x => [x]
  | POp _ ps | PFVar _ ps | PCall _ ps => flat_map pvars ps
  | PAlt p q | PAnd p q => pvars p ++ pvars q
  | PGuard p _ => pvars p
  | PExists x q => filter (fun y => negb (String.eqb y x)) (pvars q)
  | PExistsF _ q => pvars q
  end.

Fixpoint ffree (p : pat) : list name :=
  match p with
  | PWild | PVar _ => []
  | POp _ ps | PCall _ ps => flat_map ffree ps
  | PFVar F ps => F :: flat_map ffree ps
  | PAlt p q | PAnd p q => ffree p ++ ffree q
  | PGuard p g => ffree p ++ guard_fnames g
  | PExists _ q => ffree q
  | PExistsF F q => filter (fun G => negb (String.eqb G F)) (ffree q)
  end.

Lemma mem_iff : forall x l, mem x l = true <-> In x l.
Proof.
  intros x l. unfold mem. rewrite existsb_exists. split.
  - intros (y & Hy & E). apply String.eqb_eq in E. subst. auto.
  - intro H. exists x. split; auto. apply String.eqb_refl.
Qed.

Lemma in_drop : forall y x l, In y (filter (fun z => negb (String.eqb z x)) l) <-> In y l /\ y <> x.
Proof.
  intros y x l. rewrite filter_In, negb_true_iff, String.eqb_neq. tauto.
Qed.

Lemma pvars_tnames : forall p y, In y (pvars p) -> In y (tnames p).
Proof.
  intro p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                          | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
    simpl; intros y H; try rewrite Forall_forall in IH.
  - destruct H.
  - auto.
  - apply in_flat_map in H as (q & Hq & Hy). apply in_flat_map. eauto.
  - apply in_flat_map in H as (q & Hq & Hy). apply in_flat_map. eauto.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - apply in_or_app. auto.
  - apply in_drop in H as [H _]. right. auto.
  - auto.
  - apply in_flat_map in H as (q & Hq & Hy). apply in_flat_map. eauto.
Qed.

Lemma ffree_fnames : forall p G, In G (ffree p) -> In G (fnames p).
Proof.
  intro p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                          | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
    simpl; intros G H; try rewrite Forall_forall in IH.
  - destruct H.
  - destruct H.
  - apply in_flat_map in H as (q & Hq & Hy). apply in_flat_map. eauto.
  - destruct H as [<-|H]; [left; auto|right].
    apply in_flat_map in H as (q & Hq & Hy). apply in_flat_map. eauto.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - auto.
  - apply in_drop in H as [H _]. right. auto.
  - apply in_flat_map in H as (q & Hq & Hy). apply in_flat_map. eauto.
Qed.

Lemma in_remove_key : forall A x z (q : A) σ, In (x, q) σ -> x <> z -> In (x, q) (remove_key z σ).
Proof.
  intros. unfold remove_key. apply filter_In. split; auto.
  simpl. apply negb_true_iff, String.eqb_neq. auto.
Qed.

(** ** No capture

    Given that [avoid] holds the free variables of [σ]'s range (the matcher
    passes the names in scope at the call), no free variable of an argument
    is captured by a binder of the body. *)
Definition avoids_tvars (avoid : list name) (σ : list (name * pat)) : Prop :=
  forall x q y, assoc x σ = Some q -> In y (pvars q) -> In y avoid.

Definition avoids_fvars (avoid : list name) (σ : list (name * pat)) : Prop :=
  forall x q G, assoc x σ = Some q -> In G (ffree q) -> In G avoid.

Lemma avoids_remove_key : forall (P : pat -> name -> Prop) avoid σ z,
    (forall x q y, assoc x σ = Some q -> P q y -> In y avoid) ->
    forall x q y, assoc x (remove_key z σ) = Some q -> P q y -> In y avoid.
Proof.
  intros P avoid σ z H x q y Ex. destruct (String.eqb x z) eqn:E.
  - apply String.eqb_eq in E. subst. rewrite assoc_remove_key_same in Ex. discriminate.
  - apply String.eqb_neq in E. rewrite assoc_remove_key_other in Ex; eauto.
Qed.

(** After renaming [z] to [z'], the substitution [(z, PVar z') :: σ0]
    still has its range's variables in [z' :: avoid]. *)
Lemma avoids_rename : forall (P : pat -> name -> Prop) avoid σ z z',
    (forall y, P (PVar z') y -> y = z') ->
    (forall x q y, assoc x σ = Some q -> P q y -> In y avoid) ->
    forall x q y, assoc x ((z, PVar z') :: remove_key z σ) = Some q -> P q y -> In y (z' :: avoid).
Proof.
  intros P avoid σ z z' Hz H x q y Ex Hy. simpl in Ex. destruct (String.eqb z x).
  - injection Ex as <-. left. symmetry. auto.
  - right. eapply avoids_remove_key; eauto.
Qed.

Theorem subst_keeps_arg_tvars : forall p avoid σ ρ x q y,
    avoids_tvars avoid σ ->
    In x (pvars p) -> assoc x σ = Some q -> In y (pvars q) -> In y (pvars (subst_pat avoid σ ρ p)).
Proof.
  unfold avoids_tvars.
  intro p. induction p as [| x0 | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F p1 IH | Q ps IH] using pat_ind';
    simpl; intros avoid σ ρ x q y Hav Hx Hq Hy; rewrite ?in_app_iff in *; try rewrite Forall_forall in IH.
  - destruct Hx.
  - destruct Hx as [<-|[]]. rewrite Hq. auto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat avoid σ ρ p).
    split; [apply in_map|]; eauto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat avoid σ ρ p).
    split; [apply in_map|]; eauto.
  - destruct Hx; eauto.
  - destruct Hx; eauto.
  - eauto.
  - (* exists: the local is renamed when it is in scope, as every argument's variable is *)
    apply in_drop in Hx as [Hx Hxz].
    assert (Hq0 : assoc x (remove_key z σ) = Some q) by (rewrite assoc_remove_key_other; auto).
    assert (Hya : In y avoid) by eauto.
    destruct (mem z avoid) eqn:Em; simpl; apply in_drop; split.
    + eapply IH; eauto.
      * apply (avoids_rename (fun q y => In y (pvars q))); auto. simpl. intros y0 [<-|[]]. auto.
      * simpl. destruct (String.eqb z x) eqn:E; [apply String.eqb_eq in E; congruence|]. auto.
    + intro Heq. eapply fresh_not_in. rewrite <- Heq. apply in_or_app. left. exact Hya.
    + eapply IH; eauto. apply (avoids_remove_key (fun q y => In y (pvars q))). auto.
    + intro Heq. subst. apply mem_iff in Hya. congruence.
  - (* exists function variable: term variables untouched *)
    destruct (mem F _); simpl; eauto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat avoid σ ρ p).
    split; [apply in_map|]; eauto.
Qed.

Theorem subst_keeps_arg_fvars : forall p avoid σ ρ x q G,
    avoids_fvars avoid σ ->
    In x (pvars p) -> assoc x σ = Some q -> In G (ffree q) -> In G (ffree (subst_pat avoid σ ρ p)).
Proof.
  unfold avoids_fvars.
  intro p. induction p as [| x0 | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F p1 IH | Q ps IH] using pat_ind';
    simpl; intros avoid σ ρ x q G Hav Hx Hq HG; rewrite ?in_app_iff in *; try rewrite Forall_forall in IH.
  - destruct Hx.
  - destruct Hx as [<-|[]]. rewrite Hq. auto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat avoid σ ρ p).
    split; [apply in_map|]; eauto.
  - right. rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat avoid σ ρ p).
    split; [apply in_map|]; eauto.
  - destruct Hx; eauto.
  - destruct Hx; eauto.
  - left. eauto.
  - apply in_drop in Hx as [Hx Hxz].
    assert (Hq0 : assoc x (remove_key z σ) = Some q) by (rewrite assoc_remove_key_other; auto).
    destruct (mem z avoid); simpl.
    + eapply IH; eauto.
      * apply (avoids_rename (fun q G => In G (ffree q))); auto. simpl. intros y0 [].
      * simpl. destruct (String.eqb z x) eqn:E; [apply String.eqb_eq in E; congruence|]. auto.
    + eapply IH; eauto. apply (avoids_remove_key (fun q G => In G (ffree q))). auto.
  - (* exists function variable: renamed when it is in scope *)
    assert (HGc : In G (avoid ++ map snd (remove_key F ρ))) by (apply in_or_app; left; eauto).
    destruct (mem F _) eqn:Em; simpl; apply in_drop; split; eauto.
    + intro Heq. eapply fresh_not_in. rewrite <- Heq. apply in_or_app. left. exact HGc.
    + intro Heq. subst. apply mem_iff in HGc. congruence.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat avoid σ ρ p).
    split; [apply in_map|]; eauto.
Qed.

(** ** No invented names: each free variable comes from the pattern or an argument *)
Theorem subst_tvars_origin : forall p avoid σ ρ y,
    In y (pvars (subst_pat avoid σ ρ p)) ->
    (In y (pvars p) /\ assoc y σ = None) \/
    (exists x q, In x (pvars p) /\ assoc x σ = Some q /\ In y (pvars q)).
Proof.
  intro p. induction p as [| x0 | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F p1 IH | Q ps IH] using pat_ind';
    simpl; intros avoid σ ρ y Hy; try rewrite Forall_forall in IH.
  - destruct Hy.
  - destruct (assoc x0 σ) as [q|] eqn:E.
    + right. exists x0, q. simpl. auto.
    + simpl in Hy. destruct Hy as [<-|[]]. left. simpl. auto.
  - rewrite in_flat_map in Hy. destruct Hy as (p' & Hp' & Hy). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp avoid σ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
    + left. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
  - rewrite in_flat_map in Hy. destruct Hy as (p' & Hp' & Hy). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp avoid σ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
    + left. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
  - apply in_app_or in Hy as [Hy|Hy]; [destruct (IH1 avoid σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]
                                     |destruct (IH2 avoid σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]];
      [left | right; exists x, q | left | right; exists x, q]; rewrite in_app_iff; auto.
  - apply in_app_or in Hy as [Hy|Hy]; [destruct (IH1 avoid σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]
                                     |destruct (IH2 avoid σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]];
      [left | right; exists x, q | left | right; exists x, q]; rewrite in_app_iff; auto.
  - eauto.
  - (* exists *)
    destruct (mem z avoid) eqn:Em; simpl in Hy; apply in_drop in Hy as [Hy Hne].
    + set (z' := fresh z (avoid ++ tnames p1)) in *.
      destruct (IH _ _ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
      * simpl in H2. destruct (String.eqb z y) eqn:E; [discriminate|].
        apply String.eqb_neq in E. left. split; [apply in_drop; auto|].
        rewrite <- (assoc_remove_key_other _ z); auto.
      * simpl in H2. destruct (String.eqb z x) eqn:E.
        -- injection H2 as <-. simpl in H3. destruct H3 as [<-|[]]. congruence.
        -- apply String.eqb_neq in E. right. exists x, q. split; [apply in_drop; auto|].
           rewrite <- (assoc_remove_key_other _ z); auto.
    + destruct (IH _ _ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
      * left. split; [apply in_drop; auto|]. rewrite <- (assoc_remove_key_other _ z); auto.
      * assert (x <> z) by (intro; subst; rewrite assoc_remove_key_same in H2; discriminate).
        right. exists x, q. split; [apply in_drop; auto|].
        rewrite <- (assoc_remove_key_other _ z); auto.
  - destruct (mem F _); simpl in Hy; eauto.
  - rewrite in_flat_map in Hy. destruct Hy as (p' & Hp' & Hy). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp avoid σ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
    + left. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
Qed.

Lemma assoc_combine_some : forall A x xs (ps : list A),
    length xs = length ps -> In x xs -> exists q, assoc x (combine xs ps) = Some q.
Proof.
  intros A x xs. induction xs as [|x0 xs IH]; intros [|q ps] Hl Hx; simpl in *; try discriminate; [destruct Hx|].
  destruct (String.eqb x0 x) eqn:E; eauto.
  destruct Hx as [<-|Hx]; [rewrite String.eqb_refl in E; discriminate|]. apply IH; auto.
Qed.

(** ** Scope is preserved by instantiation (section 7.5) *)
Theorem instantiate_scoped : forall sc d ps (scope : list name),
    length (d_params d) = length ps ->
    incl (pvars (d_body d)) (d_params d) ->
    (forall q, In q ps -> incl (pvars q) scope) ->
    incl (pvars (instantiate sc d ps)) scope.
Proof.
  intros sc d ps scope Hl Hbody Hargs y Hy. unfold instantiate in Hy.
  destruct (subst_tvars_origin _ _ _ _ _ Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
  - destruct (assoc_combine_some _ y _ ps Hl (Hbody y H1)) as (q & Hq). congruence.
  - apply assoc_in, in_combine_r in H2. eapply Hargs; eauto.
Qed.

(** ** What an instantiation avoids *)

(** [tally] collects every name of the pattern, and keeps what it was given. *)
Lemma tally_incl : forall p b acc b' l, tally p b acc = Some (b', l) ->
    incl acc l /\ incl (tnames p) l /\ incl (fnames p) l.
Proof.
  intro p. induction p as [| x | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | x p1 IH | F p1 IH | Q ps IH] using pat_ind';
    intros [|b] acc b' l E; try discriminate; simpl in E |- *.
  (* the children of an operator, function variable or call *)
  all: assert (Kids : forall ps, Forall (fun p => forall b acc b' l, tally p b acc = Some (b', l) ->
                 incl acc l /\ incl (tnames p) l /\ incl (fnames p) l) ps ->
              forall b acc b' l,
              (fix tally_all (ps : list pat) (budget : nat) (acc : list name) :=
                 match ps with
                 | [] => Some (budget, acc)
                 | q :: qs => match tally q budget acc with
                              | Some (b, acc') => tally_all qs b acc'
                              | None => None
                              end
                 end) ps b acc = Some (b', l) ->
              incl acc l /\ incl (flat_map tnames ps) l /\ incl (flat_map fnames ps) l)
    by (clear; intros ps H; induction H as [|q qs Hq Hqs IHqs]; intros b acc b' l E;
        [injection E as <- <-; simpl; repeat split; auto using incl_refl, incl_nil_l|];
        destruct (tally q b acc) as [[b1 acc1]|] eqn:Eq; [|discriminate];
        apply Hq in Eq as (A1 & T1 & F1); apply IHqs in E as (A2 & T2 & F2); simpl;
        repeat split; eauto using incl_tran, incl_app).
  - injection E as <- <-. repeat split; auto using incl_refl, incl_nil_l.
  - injection E as <- <-. repeat split; auto using incl_nil_l.
    + apply incl_tl, incl_refl.
    + intros y [<-|[]]. left. auto.
  - apply Kids in E; auto.
  - apply Kids in E as (A & T & Fn); auto. repeat split; eauto using incl_tran, incl_tl, incl_refl.
    intros y [<-|Hy]; [apply A; left; auto|]. apply Fn; auto.
  - destruct (tally p1 b acc) as [[b1 acc1]|] eqn:E1; [|discriminate].
    apply IH1 in E1 as (A1 & T1 & F1). apply IH2 in E as (A2 & T2 & F2).
    repeat split; eauto using incl_tran, incl_app.
  - destruct (tally p1 b acc) as [[b1 acc1]|] eqn:E1; [|discriminate].
    apply IH1 in E1 as (A1 & T1 & F1). apply IH2 in E as (A2 & T2 & F2).
    repeat split; eauto using incl_tran, incl_app.
  - apply IH in E as (A & T & Fn). repeat split; auto.
    + intros y Hy. apply A. apply in_or_app. right. apply in_or_app. right. auto.
    + apply incl_app; auto. intros y Hy. apply A. apply in_or_app. left. auto.
    + apply incl_app; auto. intros y Hy. apply A. apply in_or_app. right. apply in_or_app. left. auto.
  - apply IH in E as (A & T & Fn). repeat split; auto.
    + intros y Hy. apply A. right. auto.
    + intros y [<-|Hy]; [apply A; left; auto|]. apply T. auto.
  - apply IH in E as (A & T & Fn). repeat split; auto.
    + intros y Hy. apply A. right. auto.
    + intros y [<-|Hy]; [apply A; left; auto|]. apply Fn. auto.
  - apply Kids in E; auto.
Qed.

(** Where the names in scope hold the free variables of the arguments, so do
    the names an instantiation avoids: the arguments' own names when they
    are few, the names in scope otherwise. *)
Theorem arg_avoid_covers : forall sc ps,
    (forall q, In q ps -> incl (pvars q) sc /\ incl (ffree q) sc) ->
    forall q, In q ps -> incl (pvars q) (arg_avoid sc ps) /\ incl (ffree q) (arg_avoid sc ps).
Proof.
  intros sc ps Hsc q Hq. unfold arg_avoid.
  destruct (tally (PCall EmptyString ps) tally_budget []) as [[b names]|] eqn:E; auto.
  apply tally_incl in E as (_ & T & Fn). simpl in T, Fn. split; intros y Hy.
  - apply T. apply in_flat_map. exists q. split; auto. apply pvars_tnames. auto.
  - apply Fn. apply in_flat_map. exists q. split; auto. apply ffree_fnames. auto.
Qed.

(** So a call made where the names in scope hold the free variables of its
    arguments instantiates its body without capturing any of them. *)
Theorem instantiate_avoids : forall sc d ps,
    (forall q, In q ps -> incl (pvars q) sc /\ incl (ffree q) sc) ->
    avoids_tvars (arg_avoid sc ps) (combine (d_params d) ps) /\
    avoids_fvars (arg_avoid sc ps) (combine (d_params d) ps).
Proof.
  intros sc d ps Hsc. split; intros x q y Ex Hy;
    apply assoc_in, in_combine_r in Ex; destruct (arg_avoid_covers sc ps Hsc q Ex); auto.
Qed.
