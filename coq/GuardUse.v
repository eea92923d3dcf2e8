(** * Guard-used parameters: the analysis is closed, and instantiation keeps calls well formed
    (CORE-SPEC sections 2 and 7.5)

    [guard_used D] iterates [step_gu] once per parameter of [D] and more.
    Each round only adds pairs (definition, parameter), so a round that adds
    nothing is reached in time: the result is closed under "the body passes
    [x] bare to a guard-used parameter" ([guard_used_closed]).  Hence, when
    [wf_check] passes, instantiating a body for a well-formed call gives a
    body whose calls are all well formed again ([instantiate_calls_ok]): a
    guard-used parameter always receives a term variable, so a guard always
    names a variable. *)

From Coq Require Import String List Bool Arith Lia.
From CorePyPM Require Import Syntax Subst WellFormed WellFormedProps.
Import ListNotations.

Lemma pair_eqb_iff : forall a b, pair_eqb a b = true <-> a = b.
Proof.
  intros [a1 a2] [b1 b2]. unfold pair_eqb. simpl. rewrite andb_true_iff, !String.eqb_eq.
  split; [intros [-> ->]; auto | intro E; injection E; auto].
Qed.

Lemma mem_pair_iff : forall p gu, existsb (pair_eqb p) gu = true <-> In p gu.
Proof.
  intros p gu. rewrite existsb_exists. split.
  - intros (q & Hq & E). apply pair_eqb_iff in E. subst. auto.
  - intro H. exists p. split; auto. apply pair_eqb_iff. auto.
Qed.

Lemma is_guard_used_mono : forall D gu1 gu2 Q i, incl gu1 gu2 ->
    is_guard_used D gu1 Q i = true -> is_guard_used D gu2 Q i = true.
Proof.
  unfold is_guard_used. intros D gu1 gu2 Q i H.
  destruct (find_def D Q); auto. destruct (nth_error _ i); auto.
  rewrite !mem_pair_iff. auto.
Qed.

Lemma filter_length_le : forall A (f : A -> bool) l, length (filter f l) <= length l.
Proof. intros A f l. induction l as [|x l IH]; simpl; [lia|]. destruct (f x); simpl; lia. Qed.

Lemma filter_length_lt : forall A (f g : A -> bool) l,
    (forall x, In x l -> f x = true -> g x = true) ->
    (exists x, In x l /\ f x = false /\ g x = true) ->
    length (filter f l) < length (filter g l).
Proof.
  intros A f g l. induction l as [|x l IH]; simpl; intros H (y & Hy & Hf & Hg); [destruct Hy|].
  assert (Hle : forall l', (forall z, In z l' -> f z = true -> g z = true) ->
                  length (filter f l') <= length (filter g l')).
  { induction l' as [|z l' IH']; simpl; intros Hz; [lia|].
    destruct (f z) eqn:Ef; [rewrite (Hz z (or_introl eq_refl) Ef)|destruct (g z)]; simpl;
      specialize (IH' (fun w Hw => Hz w (or_intror Hw))); lia. }
  destruct Hy as [<-|Hy].
  - rewrite Hf, Hg. simpl. specialize (Hle l (fun w Hw => H w (or_intror Hw))). lia.
  - assert (length (filter f l) < length (filter g l))
      by (apply IH; [intros; apply H; auto | eauto]).
    destruct (f x) eqn:Ef; [rewrite (H x (or_introl eq_refl) Ef)|destruct (g x)]; simpl; lia.
Qed.

Lemma forallb_false : forall A (f : A -> bool) l, forallb f l = false -> exists x, In x l /\ f x = false.
Proof.
  intros A f l. induction l as [|x l IH]; simpl; intro H; [discriminate|].
  destruct (f x) eqn:E; simpl in H; [destruct (IH H) as (y & ? & ?)|]; eauto.
Qed.

(** ** The analysis reaches its fixpoint *)
Section Closure.
  Variable D : defs.

  Definition step_gu (gu : list (name * name)) : list (name * name) :=
    flat_map direct_uses D ++ flat_map (passed_uses D gu) D.

  Definition universe : list (name * name) :=
    flat_map (fun d => map (fun x => (d_name d, x)) (d_params d)) D.

  Lemma universe_length : length universe = length (flat_map d_params D).
  Proof.
    unfold universe. induction D as [|d D' IH]; simpl; auto.
    rewrite !app_length, map_length. f_equal. apply IH.
  Qed.

  Lemma step_gu_mono : forall gu1 gu2, incl gu1 gu2 -> incl (step_gu gu1) (step_gu gu2).
  Proof.
    intros gu1 gu2 H p Hp. unfold step_gu in *. apply in_app_or in Hp as [Hp|Hp]; apply in_or_app; auto.
    right. apply in_flat_map in Hp as (d & Hd & Hp). apply in_flat_map. exists d. split; auto.
    unfold passed_uses in *. apply in_map_iff in Hp as (x & <- & Hx). apply in_map.
    apply filter_In in Hx as [Hx He]. apply filter_In. split; auto.
    apply existsb_exists in He as ([[Q i] y] & Hin & E). apply existsb_exists. exists (Q, i, y).
    split; auto. apply andb_true_iff in E as [E1 E2]. apply andb_true_iff. split; auto.
    eapply is_guard_used_mono; eauto.
  Qed.

  Lemma step_gu_universe : forall gu, incl (step_gu gu) universe.
  Proof.
    intros gu p Hp. unfold step_gu, universe in *. apply in_flat_map.
    apply in_app_or in Hp as [Hp|Hp]; apply in_flat_map in Hp as (d & Hd & Hp); exists d; split; auto;
      unfold direct_uses, passed_uses in Hp; apply in_map_iff in Hp as (x & <- & Hx);
      apply filter_In in Hx as [Hx _]; apply in_map; auto.
  Qed.

  Definition gu_at (k : nat) : list (name * name) := Nat.iter k step_gu (flat_map direct_uses D).

  Lemma gu_at_grows : forall k, incl (gu_at k) (gu_at (S k)).
  Proof.
    induction k as [|k IH].
    - intros p Hp. simpl. unfold step_gu. apply in_or_app. auto.
    - apply (step_gu_mono _ _ IH).
  Qed.

  Definition stable (k : nat) : Prop := incl (gu_at (S k)) (gu_at k).

  Lemma stable_next : forall k, stable k -> stable (S k).
  Proof. intros k H. apply (step_gu_mono _ _ H). Qed.

  Definition count (gu : list (name * name)) : nat :=
    length (filter (fun u => existsb (pair_eqb u) gu) universe).

  Lemma count_le : forall gu, count gu <= length universe.
  Proof. intros. apply filter_length_le. Qed.

  Lemma grows_or_stable : forall k, stable k \/ S k <= count (gu_at (S k)).
  Proof.
    assert (Hgrow : forall k, ~ stable k -> count (gu_at k) < count (gu_at (S k))).
    { intros k Hns. unfold count. apply filter_length_lt.
      - intros u _ Hu. apply mem_pair_iff. apply mem_pair_iff in Hu. apply gu_at_grows. auto.
      - destruct (forallb (fun u => existsb (pair_eqb u) (gu_at k)) (gu_at (S k))) eqn:E.
        + exfalso. apply Hns. intros u Hu. rewrite forallb_forall in E. apply mem_pair_iff. auto.
        + apply forallb_false in E as (u & Hu & Hf). exists u. repeat split; auto.
          * apply (step_gu_universe (gu_at k)). exact Hu.
          * apply mem_pair_iff. auto. }
    induction k as [|k IH].
    - destruct (forallb (fun u => existsb (pair_eqb u) (gu_at 0)) (gu_at 1)) eqn:E.
      + left. intros u Hu. rewrite forallb_forall in E. apply mem_pair_iff. auto.
      + right. assert (~ stable 0).
        { intro Hs. apply forallb_false in E as (u & Hu & Hf). apply Hs, mem_pair_iff in Hu.
          congruence. }
        specialize (Hgrow 0 H). lia.
    - destruct IH as [IH|IH]; [left; apply stable_next; auto|].
      destruct (forallb (fun u => existsb (pair_eqb u) (gu_at (S k))) (gu_at (S (S k)))) eqn:E.
      + left. intros u Hu. rewrite forallb_forall in E. apply mem_pair_iff. auto.
      + right. assert (~ stable (S k)).
        { intro Hs. apply forallb_false in E as (u & Hu & Hf). apply Hs, mem_pair_iff in Hu.
          congruence. }
        specialize (Hgrow (S k) H). lia.
  Qed.

  Lemma iter_shift : forall A k (f : A -> A) x, Nat.iter (S k) f x = Nat.iter k f (f x).
  Proof.
    intros A k f. induction k as [|k IH]; intros x; auto.
    change (f (Nat.iter (S k) f x) = f (Nat.iter k f (f x))). rewrite IH. auto.
  Qed.

  Lemma guard_used_at : guard_used D = gu_at (S (length universe)).
  Proof.
    unfold guard_used, gu_at. rewrite universe_length.
    generalize (S (length (flat_map d_params D))) (flat_map direct_uses D).
    intros k. induction k as [|k IH]; intros gu; [reflexivity|].
    change (guard_used_iter D (S k) gu) with (guard_used_iter D k (step_gu gu)).
    rewrite IH. symmetry. apply iter_shift.
  Qed.

  Lemma guard_used_stable : incl (step_gu (guard_used D)) (guard_used D).
  Proof.
    rewrite guard_used_at.
    destruct (grows_or_stable (length universe)) as [H|H].
    - apply stable_next. exact H.
    - pose proof (count_le (gu_at (S (length universe)))). lia.
  Qed.

  Theorem guard_used_closed : forall P d Q i y,
      find_def D P = Some d -> In (Q, i, y) (bare_args (d_body d)) -> In y (d_params d) ->
      is_guard_used D (guard_used D) Q i = true -> In (P, y) (guard_used D).
  Proof.
    intros P d Q i y Ed Hb Hy Hg. apply find_def_in in Ed as [Hd <-].
    apply guard_used_stable. unfold step_gu. apply in_or_app. right.
    apply in_flat_map. exists d. split; auto. unfold passed_uses. apply in_map.
    apply filter_In. split; auto. apply existsb_exists. exists (Q, i, y). split; auto.
    rewrite String.eqb_refl, Hg. auto.
  Qed.
End Closure.

(** ** Instantiation keeps calls well formed *)
Lemma first_error_none_intro : forall A (f : A -> option string) l,
    (forall a, In a l -> f a = None) -> first_error f l = None.
Proof.
  intros A f l H. induction l as [|a l IH]; simpl; auto.
  rewrite (H a (or_introl eq_refl)). apply IH. intros b Hb. apply H. right. exact Hb.
Qed.

Lemma check_guard_args_var : forall D gu Q ps i j a,
    check_guard_args D gu Q i ps = None -> nth_error ps j = Some a ->
    is_guard_used D gu Q (i + j) = true -> exists z, a = PVar z.
Proof.
  intros D gu Q ps. induction ps as [|p ps IH]; intros i j a H Hj Hg; destruct j as [|j];
    simpl in Hj; try discriminate.
  - injection Hj as <-. rewrite Nat.add_0_r in Hg. simpl in H.
    destruct p; eauto; rewrite Hg in H; discriminate.
  - rewrite <- Nat.add_succ_comm in Hg. simpl in H.
    destruct p; try (destruct (is_guard_used D gu Q i)); try discriminate; eapply IH; eauto.
Qed.

Lemma bare_positions_in : forall Q ps i j y,
    nth_error ps j = Some (PVar y) -> In (Q, i + j, y) (bare_positions Q i ps).
Proof.
  intros Q ps. induction ps as [|p ps IH]; intros i j y Hj; destruct j as [|j]; simpl in Hj; try discriminate.
  - injection Hj as ->. rewrite Nat.add_0_r. simpl. auto.
  - assert (E : i + S j = S i + j) by lia. rewrite E.
    destruct p; simpl; try right; exact (IH (S i) j y Hj).
Qed.

Lemma assoc_combine_nth : forall A y xs (ps : list A) a,
    assoc y (combine xs ps) = Some a -> exists j, nth_error xs j = Some y /\ nth_error ps j = Some a.
Proof.
  intros A y xs. induction xs as [|x xs IH]; intros [|p ps] a H; simpl in H; try discriminate.
  destruct (String.eqb x y) eqn:E.
  - injection H as <-. apply String.eqb_eq in E. subst. exists 0. auto.
  - destruct (IH ps a H) as (j & ? & ?). exists (S j). auto.
Qed.

Lemma assoc_remove_key_some : forall A x y (σ : list (name * A)) a,
    assoc y (remove_key x σ) = Some a -> y <> x /\ assoc y σ = Some a.
Proof.
  intros A x y σ a H. destruct (String.eqb y x) eqn:E.
  - apply String.eqb_eq in E. subst. rewrite assoc_remove_key_same in H. discriminate.
  - apply String.eqb_neq in E. rewrite assoc_remove_key_other in H; auto.
Qed.

Section Preservation.
  Variable D : defs.
  Variable gu : list (name * name).

  (** The arguments that reach guard-used positions are term variables. *)
  Definition vars_where_guarded (p : pat) (σ : list (name * pat)) : Prop :=
    forall Q i y a, In (Q, i, y) (bare_args p) -> is_guard_used D gu Q i = true ->
                    assoc y σ = Some a -> exists z, a = PVar z.

  Definition args_ok (σ : list (name * pat)) : Prop :=
    forall y a, assoc y σ = Some a -> check_calls D gu a = None.

  Lemma check_guard_args_subst : forall avoid σ ρ Q qs i,
      check_guard_args D gu Q i qs = None ->
      (forall j y a, nth_error qs j = Some (PVar y) -> is_guard_used D gu Q (i + j) = true ->
                     assoc y σ = Some a -> exists z, a = PVar z) ->
      check_guard_args D gu Q i (map (subst_pat avoid σ ρ) qs) = None.
  Proof.
    intros avoid σ ρ Q qs. induction qs as [|q qs IH]; intros i H Hv; simpl; auto.
    assert (Hrest : check_guard_args D gu Q (S i) (map (subst_pat avoid σ ρ) qs) = None).
    { simpl in H. apply IH.
      - destruct q; try (destruct (is_guard_used D gu Q i)); try discriminate; auto.
      - intros j y a Hj. rewrite Nat.add_succ_comm. apply (Hv (S j)). auto. }
    destruct (is_guard_used D gu Q i) eqn:Eg.
    - destruct q; simpl in H; try (rewrite Eg in H; discriminate).
      simpl. destruct (assoc x σ) as [a|] eqn:Ea; auto.
      destruct (Hv 0 x a eq_refl) as (z & ->); [rewrite Nat.add_0_r; auto|auto|]. auto.
    - destruct (subst_pat avoid σ ρ q); rewrite ?Eg; auto.
  Qed.

  Lemma check_calls_subst : forall p avoid σ ρ,
      check_calls D gu p = None -> vars_where_guarded p σ -> args_ok σ ->
      check_calls D gu (subst_pat avoid σ ρ p) = None.
  Proof.
    unfold vars_where_guarded, args_ok.
    intro p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                            | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
      intros avoid σ ρ Hc Hv Ha; simpl in *; try rewrite Forall_forall in IH.
    - auto.
    - destruct (assoc x σ) eqn:E; eauto.
    - apply first_error_none_intro. intros a Ha'. apply in_map_iff in Ha' as (p & <- & Hp).
      apply IH; auto.
      + eapply first_error_none; eauto.
      + intros Q i y a Hb. apply Hv. apply in_flat_map. eauto.
    - apply first_error_none_intro. intros a Ha'. apply in_map_iff in Ha' as (p & <- & Hp).
      apply IH; auto.
      + eapply first_error_none; eauto.
      + intros Q i y a Hb. apply Hv. apply in_flat_map. eauto.
    - apply or_else_none in Hc as [H1 H2]. rewrite IHp, IHq; auto;
        intros Q i y a Hb; apply Hv; apply in_or_app; auto.
    - apply or_else_none in Hc as [H1 H2]. rewrite IHp, IHq; auto;
        intros Q i y a Hb; apply Hv; apply in_or_app; auto.
    - apply IH; auto.
    - (* exists: the renaming entry maps to a variable, the other entries come from σ *)
      assert (Hvq : forall avoid' σ', (forall y a, assoc y σ' = Some a -> (exists z, a = PVar z) \/ (y <> x /\ assoc y σ = Some a)) ->
                    check_calls D gu (subst_pat avoid' σ' ρ p) = None).
      { intros avoid' σ' Hσ'. apply IH; auto.
        - intros Q i y a Hb Hg Ea. destruct (Hσ' y a Ea) as [Hz|[Hne Ea']]; auto.
          apply (Hv Q i y a); auto. apply filter_In. split; auto. simpl.
          apply negb_true_iff, String.eqb_neq. auto.
        - intros y a Ea. destruct (Hσ' y a Ea) as [(z & ->)|[_ Ea']]; eauto. }
      destruct (mem x _); simpl; apply Hvq; intros y a Ea.
      + simpl in Ea. destruct (String.eqb x y); [injection Ea as <-; eauto|].
        right. apply assoc_remove_key_some in Ea as [? ?]. auto.
      + right. apply assoc_remove_key_some in Ea as [? ?]. auto.
    - destruct (mem F _); simpl; apply IH; auto.
    - (* call: same definition and arity; guard-used positions still get variables *)
      destruct (find_def D Q) as [dq|] eqn:Eq; [|discriminate].
      rewrite map_length. destruct (Nat.eqb (length ps) (length (d_params dq))); [|discriminate].
      apply or_else_none in Hc as [Hg Hk].
      rewrite check_guard_args_subst; auto.
      + simpl. apply first_error_none_intro. intros a Ha'. apply in_map_iff in Ha' as (p & <- & Hp).
        apply IH; auto.
        * eapply first_error_none; eauto.
        * intros Q' i y a Hb. apply Hv. apply in_or_app. right. apply in_flat_map. eauto.
      + intros j y a Hj Hgu Ea. apply (Hv Q (0 + j) y a); auto.
        apply in_or_app. left. apply bare_positions_in. auto.
  Qed.
End Preservation.

(** When [wf_check] passes, a well-formed call instantiates to a body whose
    calls are all well formed. *)
Theorem instantiate_calls_ok : forall D q sc P d ps,
    wf_check D q = None -> find_def D P = Some d ->
    check_calls D (guard_used D) (PCall P ps) = None ->
    check_calls D (guard_used D) (instantiate sc d ps) = None.
Proof.
  intros D q sc P d ps Hwf Ed Hcall. simpl in Hcall. rewrite Ed in Hcall.
  destruct (Nat.eqb (length ps) (length (d_params d))) eqn:El; [|discriminate].
  apply or_else_none in Hcall as [Hga Hargs].
  assert (Hbody : check_calls D (guard_used D) (d_body d) = None).
  { unfold wf_check in Hwf. destruct (first_dup (map d_name D)); [discriminate|].
    apply or_else_none in Hwf as [Hdefs _]. apply find_def_in in Ed as [Hd _].
    pose proof (first_error_none _ _ _ Hdefs d Hd) as Hdef. unfold check_def in Hdef.
    destruct (first_dup (d_params d)); [discriminate|].
    destruct (or_else _ _) eqn:E; [discriminate|]. apply or_else_none in E as [_ E]. exact E. }
  unfold instantiate. apply check_calls_subst; auto.
  - intros Q i y a Hb Hg Ea. apply assoc_combine_nth in Ea as (j & Hy & Ha).
    assert (Hin : In (P, y) (guard_used D))
      by (eapply guard_used_closed; eauto; eapply nth_error_In; eauto).
    eapply (check_guard_args_var D (guard_used D) P ps 0 j a); eauto.
    simpl. unfold is_guard_used. rewrite Ed, Hy. apply mem_pair_iff. auto.
  - intros y a Ea. apply assoc_combine_nth in Ea as (j & _ & Ha).
    eapply first_error_none; eauto. eapply nth_error_In; eauto.
Qed.
