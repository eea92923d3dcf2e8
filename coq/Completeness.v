(** * Completeness (CORE-SPEC section 7.2): when [mtch] answers, every match is among its results *)

From Coq Require Import String List Bool Arith.
From CorePyPM Require Import Syntax Guard Subst Algorithmic Declarative Results.
Import ListNotations.

Section Completeness.
  Variable D : defs.

  Lemma matches_kids_length : forall sc s ps ts s', matches_kids D sc s ps ts s' -> length ps = length ts.
  Proof. intros sc s ps ts s' H. induction H; simpl; congruence. Qed.

  Theorem completeness : forall sc s p t s',
      matches D sc s p t s' -> forall n r, mtch D n sc p t s = Some r -> In s' r.
  Proof.
    apply (matches_mut D
             (fun sc s p t s' _ => forall n r, mtch D n sc p t s = Some r -> In s' r)
             (fun sc s ps ts s' _ => forall n r, kids (mtch D n sc) ps ts s = Some r -> In s' r));
      intros; rewrite ?mtch_step in *; simpl in *.
    - (* wildcard *) injection H as <-. left. auto.
    - (* bound variable *) rewrite e in H. rewrite (proj2 (term_eqb_spec t t) eq_refl) in H.
      injection H as <-. left. auto.
    - (* unbound variable *) rewrite e in H. injection H as <-. left. auto.
    - (* operator *) rewrite String.eqb_refl, (matches_kids_length _ _ _ _ _ m), Nat.eqb_refl in H0.
      simpl in H0. eapply H. rewrite mtch_step. eauto.
    - (* function variable, bound *)
      rewrite (matches_kids_length _ _ _ _ _ m), Nat.eqb_refl, e, String.eqb_refl in H0.
      eapply H. rewrite mtch_step. eauto.
    - (* function variable, unbound *)
      rewrite (matches_kids_length _ _ _ _ _ m), Nat.eqb_refl, e in H0.
      eapply H. rewrite mtch_step. eauto.
    - (* alternation, left *)
      destruct (step (call_at D n) sc p t s) as [l1|] eqn:E1; [|discriminate].
      destruct (step (call_at D n) sc q t s) as [l2|] eqn:E2; [|discriminate].
      injection H0 as <-. apply in_or_app. left. eapply H. rewrite mtch_step. eauto.
    - (* alternation, right *)
      destruct (step (call_at D n) sc p t s) as [l1|] eqn:E1; [|discriminate].
      destruct (step (call_at D n) sc q t s) as [l2|] eqn:E2; [|discriminate].
      injection H0 as <-. apply in_or_app. right. eapply H. rewrite mtch_step. eauto.
    - (* conjunction *)
      destruct (bind_all_some _ _ _ _ _ H1) as (l & El).
      assert (Hs1 : In s1 l) by (eapply H; rewrite mtch_step; eauto).
      destruct (bind_all_each _ _ _ _ _ _ _ H1 El Hs1) as (r1 & Er1).
      eapply bind_all_complete; eauto. eapply H0. rewrite mtch_step. eauto.
    - (* guard *)
      destruct (step (call_at D n) sc p t s) as [l|] eqn:El; [|discriminate].
      injection H0 as <-. apply filter_In. split; auto. eapply H. rewrite mtch_step. eauto.
    - (* exists *)
      destruct (step (call_at D n) (x :: sc) p t (unbind_t s x)) as [l|] eqn:El; [|discriminate].
      injection H0 as <-. apply in_map. eapply H. rewrite mtch_step. eauto.
    - (* exists function variable *)
      destruct (step (call_at D n) (F :: sc) p t (unbind_f s F)) as [l|] eqn:El; [|discriminate].
      injection H0 as <-. apply in_map. eapply H. rewrite mtch_step. eauto.
    - (* call *)
      destruct n as [|n]; unfold call_at in H0; [discriminate|]. rewrite e, ?mtch_step in H0.
      apply (H n). rewrite mtch_step. exact H0.
    - (* no children *) injection H as <-. left. auto.
    - (* children *)
      destruct (bind_all_some _ _ _ _ _ H1) as (l & El).
      assert (Hs1 : In s1 l) by (eapply H; rewrite mtch_step; eauto).
      destruct (bind_all_each _ _ _ _ _ _ _ H1 El Hs1) as (r1 & Er1).
      eapply bind_all_complete; eauto. eapply H0. rewrite mtch_step. eauto.
  Qed.
End Completeness.
