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

Lemma in_range_tnames : forall σ x q y, In (x, q) σ -> In y (tnames q) -> In y (range_tnames σ).
Proof. intros. unfold range_tnames. apply in_flat_map. exists (x, q). auto. Qed.

Lemma in_range_fnames : forall σ x q y, In (x, q) σ -> In y (fnames q) -> In y (range_fnames σ).
Proof. intros. unfold range_fnames. apply in_flat_map. exists (x, q). auto. Qed.

Lemma in_remove_key : forall A x z (q : A) σ, In (x, q) σ -> x <> z -> In (x, q) (remove_key z σ).
Proof.
  intros. unfold remove_key. apply filter_In. split; auto.
  simpl. apply negb_true_iff, String.eqb_neq. auto.
Qed.

(** ** No capture *)
Theorem subst_keeps_arg_tvars : forall p σ ρ x q y,
    In x (pvars p) -> assoc x σ = Some q -> In y (pvars q) -> In y (pvars (subst_pat σ ρ p)).
Proof.
  intro p. induction p as [| x0 | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F p1 IH | Q ps IH] using pat_ind';
    simpl; intros σ ρ x q y Hx Hq Hy; rewrite ?in_app_iff in *; try rewrite Forall_forall in IH.
  - destruct Hx.
  - destruct Hx as [<-|[]]. rewrite Hq. auto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat σ ρ p).
    split; [apply in_map|]; eauto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat σ ρ p).
    split; [apply in_map|]; eauto.
  - destruct Hx; eauto.
  - destruct Hx; eauto.
  - eauto.
  - (* exists: the local is renamed when it would capture a name of the arguments *)
    apply in_drop in Hx as [Hx Hxz].
    assert (Hq0 : assoc x (remove_key z σ) = Some q) by (rewrite assoc_remove_key_other; auto).
    assert (Hyr : In y (range_tnames (remove_key z σ))).
    { eapply in_range_tnames; [apply assoc_in; eauto|]. apply pvars_tnames. auto. }
    destruct (mem z (range_tnames (remove_key z σ))) eqn:Em; simpl; apply in_drop; split.
    + eapply IH; eauto. simpl. destruct (String.eqb z x) eqn:E; [apply String.eqb_eq in E; congruence|]. auto.
    + intro Heq. eapply fresh_not_in. rewrite <- Heq. apply in_or_app. left. exact Hyr.
    + eapply IH; eauto.
    + intro Heq. subst. apply mem_iff in Hyr. congruence.
  - (* exists function variable: term variables untouched *)
    destruct (mem F _); simpl; eauto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat σ ρ p).
    split; [apply in_map|]; eauto.
Qed.

Theorem subst_keeps_arg_fvars : forall p σ ρ x q G,
    In x (pvars p) -> assoc x σ = Some q -> In G (ffree q) -> In G (ffree (subst_pat σ ρ p)).
Proof.
  intro p. induction p as [| x0 | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F p1 IH | Q ps IH] using pat_ind';
    simpl; intros σ ρ x q G Hx Hq HG; rewrite ?in_app_iff in *; try rewrite Forall_forall in IH.
  - destruct Hx.
  - destruct Hx as [<-|[]]. rewrite Hq. auto.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat σ ρ p).
    split; [apply in_map|]; eauto.
  - right. rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat σ ρ p).
    split; [apply in_map|]; eauto.
  - destruct Hx; eauto.
  - destruct Hx; eauto.
  - left. eauto.
  - apply in_drop in Hx as [Hx Hxz].
    assert (Hq0 : assoc x (remove_key z σ) = Some q) by (rewrite assoc_remove_key_other; auto).
    destruct (mem z (range_tnames (remove_key z σ))); simpl.
    + eapply IH; eauto. simpl. destruct (String.eqb z x) eqn:E; [apply String.eqb_eq in E; congruence|]. auto.
    + eapply IH; eauto.
  - (* exists function variable: renamed when it would capture a function variable of the arguments *)
    assert (HGc : In G (range_fnames σ ++ map snd (remove_key F ρ))).
    { apply in_or_app. left. eapply in_range_fnames; [apply assoc_in; eauto|]. apply ffree_fnames. auto. }
    destruct (mem F _) eqn:Em; simpl; apply in_drop; split; eauto.
    + intro Heq. eapply fresh_not_in. rewrite <- Heq. apply in_or_app. left. exact HGc.
    + intro Heq. subst. apply mem_iff in HGc. congruence.
  - rewrite in_flat_map in *. destruct Hx as (p & Hp & Hx). exists (subst_pat σ ρ p).
    split; [apply in_map|]; eauto.
Qed.

(** ** No invented names: each free variable comes from the pattern or an argument *)
Theorem subst_tvars_origin : forall p σ ρ y,
    In y (pvars (subst_pat σ ρ p)) ->
    (In y (pvars p) /\ assoc y σ = None) \/
    (exists x q, In x (pvars p) /\ assoc x σ = Some q /\ In y (pvars q)).
Proof.
  intro p. induction p as [| x0 | f ps IH | F ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F p1 IH | Q ps IH] using pat_ind';
    simpl; intros σ ρ y Hy; try rewrite Forall_forall in IH.
  - destruct Hy.
  - destruct (assoc x0 σ) as [q|] eqn:E.
    + right. exists x0, q. simpl. auto.
    + simpl in Hy. destruct Hy as [<-|[]]. left. simpl. auto.
  - rewrite in_flat_map in Hy. destruct Hy as (p' & Hp' & Hy). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp σ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
    + left. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
  - rewrite in_flat_map in Hy. destruct Hy as (p' & Hp' & Hy). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp σ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
    + left. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
  - apply in_app_or in Hy as [Hy|Hy]; [destruct (IH1 σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]
                                     |destruct (IH2 σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]];
      [left | right; exists x, q | left | right; exists x, q]; rewrite in_app_iff; auto.
  - apply in_app_or in Hy as [Hy|Hy]; [destruct (IH1 σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]
                                     |destruct (IH2 σ ρ y Hy) as [[? ?]|(x & q & ? & ? & ?)]];
      [left | right; exists x, q | left | right; exists x, q]; rewrite in_app_iff; auto.
  - eauto.
  - (* exists *)
    destruct (mem z (range_tnames (remove_key z σ))) eqn:Em; simpl in Hy; apply in_drop in Hy as [Hy Hne].
    + set (z' := fresh z (range_tnames (remove_key z σ) ++ tnames p1)) in *.
      destruct (IH _ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
      * simpl in H2. destruct (String.eqb z y) eqn:E; [discriminate|].
        apply String.eqb_neq in E. left. split; [apply in_drop; auto|].
        rewrite <- (assoc_remove_key_other _ z); auto.
      * simpl in H2. destruct (String.eqb z x) eqn:E.
        -- injection H2 as <-. simpl in H3. destruct H3 as [<-|[]]. congruence.
        -- apply String.eqb_neq in E. right. exists x, q. split; [apply in_drop; auto|].
           rewrite <- (assoc_remove_key_other _ z); auto.
    + destruct (IH _ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
      * left. split; [apply in_drop; auto|]. rewrite <- (assoc_remove_key_other _ z); auto.
      * assert (x <> z) by (intro; subst; rewrite assoc_remove_key_same in H2; discriminate).
        right. exists x, q. split; [apply in_drop; auto|].
        rewrite <- (assoc_remove_key_other _ z); auto.
  - destruct (mem F _); simpl in Hy; eauto.
  - rewrite in_flat_map in Hy. destruct Hy as (p' & Hp' & Hy). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp σ ρ y Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
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
Theorem instantiate_scoped : forall d ps (scope : list name),
    length (d_params d) = length ps ->
    incl (pvars (d_body d)) (d_params d) ->
    (forall q, In q ps -> incl (pvars q) scope) ->
    incl (pvars (instantiate d ps)) scope.
Proof.
  intros d ps scope Hl Hbody Hargs y Hy. unfold instantiate in Hy.
  destruct (subst_tvars_origin _ _ _ _ Hy) as [[H1 H2]|(x & q & H1 & H2 & H3)].
  - destruct (assoc_combine_some _ y _ ps Hl (Hbody y H1)) as (q & Hq). congruence.
  - apply assoc_in, in_combine_r in H2. eapply Hargs; eauto.
Qed.
