(** * Fuel monotonicity (CORE-SPEC section 7.3): an answer found with fuel [n] stays the same with more *)

From Coq Require Import String List Bool Arith Lia.
From CorePyPM Require Import Syntax Guard Subst Algorithmic Results.
Import ListNotations.

Section FuelMonotone.
  Variable D : defs.

  (** [c2] answers like [c1] wherever [c1] answers. *)
  Definition call_le (c1 c2 : list name -> name -> list pat -> term -> subst -> results) : Prop :=
    forall sc P ps t s r, c1 sc P ps t s = Some r -> c2 sc P ps t s = Some r.

  Definition pat_le c1 c2 (p : pat) : Prop :=
    forall sc t s r, step c1 sc p t s = Some r -> step c2 sc p t s = Some r.

  Lemma kids_le : forall c1 c2 ps, Forall (pat_le c1 c2) ps ->
    forall sc ts s r, kids (step c1 sc) ps ts s = Some r -> kids (step c2 sc) ps ts s = Some r.
  Proof.
    intros c1 c2 ps H. induction H as [|p ps Hp Hps IH]; intros sc ts s r E; destruct ts as [|t ts];
      simpl in *; auto.
    eapply bind_all_ext; [| |exact E]; eauto.
  Qed.

  Lemma step_le : forall c1 c2, call_le c1 c2 -> forall p, pat_le c1 c2 p.
  Proof.
    intros c1 c2 Hc p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                                       | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
      intros sc t s r E; simpl in *; auto.
    - (* operator *) destruct t as [g attrs ts].
      destruct (String.eqb f g && Nat.eqb (length ps) (length ts)); eauto using kids_le.
    - (* function variable *) destruct t as [g attrs ts].
      destruct (Nat.eqb (length ps) (length ts)); auto.
      destruct (lookup_f s F) as [g'|]; [destruct (String.eqb g' g)|]; eauto using kids_le.
    - (* alternation *)
      destruct (step c1 sc p t s) as [l1|] eqn:E1; [|discriminate].
      destruct (step c1 sc q t s) as [l2|] eqn:E2; [|discriminate].
      rewrite (IHp _ _ _ _ E1), (IHq _ _ _ _ E2). auto.
    - (* conjunction *) eapply bind_all_ext; [| |exact E]; eauto.
    - (* guard *) destruct (step c1 sc p t s) as [l|] eqn:El; [|discriminate]. rewrite (IH _ _ _ _ El). auto.
    - (* exists *) destruct (step c1 (x :: sc) p t (unbind_t s x)) as [l|] eqn:El; [|discriminate].
      rewrite (IH _ _ _ _ El). auto.
    - (* exists function variable *) destruct (step c1 (F :: sc) p t (unbind_f s F)) as [l|] eqn:El; [|discriminate].
      rewrite (IH _ _ _ _ El). auto.
  Qed.

  Lemma call_at_le : forall n, call_le (call_at D n) (call_at D (S n)).
  Proof.
    induction n as [|n IH]; intros sc P ps t s r E; simpl in E; [discriminate|].
    unfold call_at. destruct (find_def D P); auto.
    rewrite mtch_step in *. eapply step_le; eauto.
  Qed.

  Theorem fuel_monotone : forall n sc p t s r,
      mtch D n sc p t s = Some r -> mtch D (S n) sc p t s = Some r.
  Proof. intros n sc p. rewrite !mtch_step. apply (step_le _ _ (call_at_le n) p sc). Qed.

  Theorem fuel_monotone_le : forall n m sc p t s r,
      n <= m -> mtch D n sc p t s = Some r -> mtch D m sc p t s = Some r.
  Proof. intros n m sc p t s r Hle. induction Hle; auto using fuel_monotone. Qed.
End FuelMonotone.
