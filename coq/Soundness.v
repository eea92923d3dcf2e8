(** * Soundness (CORE-SPEC section 7.1): every result of [mtch] is a match *)

From Coq Require Import String List Bool Arith.
From CorePyPM Require Import Syntax Guard Subst Algorithmic Declarative Results.
Import ListNotations.

Section Soundness.
  Variable D : defs.

  (** What is asked of a call: each of its results is a declarative match. *)
  Definition call_sound (c : list name -> name -> list pat -> term -> subst -> results) : Prop :=
    forall sc P ps t s r s', c sc P ps t s = Some r -> In s' r -> matches D sc s (PCall P ps) t s'.

  Definition pat_sound (c : list name -> name -> list pat -> term -> subst -> results) (p : pat)
    : Prop :=
    forall sc t s r s', step c sc p t s = Some r -> In s' r -> matches D sc s p t s'.

  Lemma kids_sound : forall c ps, Forall (pat_sound c) ps ->
    forall sc ts s r s', kids (step c sc) ps ts s = Some r -> In s' r -> matches_kids D sc s ps ts s'.
  Proof.
    intros c ps H. induction H as [|p ps Hp Hps IH]; intros sc ts s r s' E Hin.
    - destruct ts; simpl in E; injection E as <-; [destruct Hin as [<-|[]]; constructor | destruct Hin].
    - destruct ts as [|t ts]; simpl in E; [injection E as <-; destruct Hin|].
      destruct (bind_all_in _ _ _ _ _ _ E Hin) as (l & s1 & r1 & El & Hs1 & Er1 & Hr1).
      econstructor; eauto.
  Qed.

  Lemma step_sound : forall c, call_sound c -> forall p, pat_sound c p.
  Proof.
    intros c Hc p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                                   | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
      intros sc t s r s' E Hin; simpl in E.
    - (* wildcard *) injection E as <-. destruct Hin as [<-|[]]. constructor.
    - (* variable *) destruct (lookup_t s x) as [u|] eqn:Ex.
      + destruct (term_eqb u t) eqn:Eu; injection E as <-; [|destruct Hin].
        destruct Hin as [<-|[]]. apply term_eqb_spec in Eu. subst. constructor. auto.
      + injection E as <-. destruct Hin as [<-|[]]. constructor. auto.
    - (* operator *) destruct t as [g attrs ts].
      destruct (String.eqb f g && Nat.eqb (length ps) (length ts)) eqn:Ef;
        [|injection E as <-; destruct Hin].
      apply andb_true_iff in Ef as [Ef _]. apply String.eqb_eq in Ef. subst.
      constructor. eapply kids_sound; eauto.
    - (* function variable *) destruct t as [g attrs ts].
      destruct (Nat.eqb (length ps) (length ts)); [|injection E as <-; destruct Hin].
      destruct (lookup_f s F) as [g'|] eqn:EF.
      + destruct (String.eqb g' g) eqn:Eg; [|injection E as <-; destruct Hin].
        apply String.eqb_eq in Eg. subst. eapply M_fvar_bound; eauto. eapply kids_sound; eauto.
      + eapply M_fvar_unbound; eauto. eapply kids_sound; eauto.
    - (* alternation *) destruct (step c sc p t s) as [l1|] eqn:E1; [|discriminate].
      destruct (step c sc q t s) as [l2|] eqn:E2; [|discriminate].
      injection E as <-. apply in_app_or in Hin as [Hin|Hin].
      + apply M_alt_left. eauto.
      + apply M_alt_right. eauto.
    - (* conjunction *) destruct (bind_all_in _ _ _ _ _ _ E Hin) as (l & s1 & r1 & El & Hs1 & Er1 & Hr1).
      econstructor; eauto.
    - (* guard *) destruct (step c sc p t s) as [l|] eqn:El; [|discriminate].
      injection E as <-. apply filter_In in Hin as [Hin Hg]. constructor; eauto.
    - (* exists *) destruct (step c (x :: sc) p t (unbind_t s x)) as [l|] eqn:El; [|discriminate].
      injection E as <-. apply in_map_iff in Hin as (s1 & <- & Hin). constructor. eauto.
    - (* exists function variable *) destruct (step c (F :: sc) p t (unbind_f s F)) as [l|] eqn:El; [|discriminate].
      injection E as <-. apply in_map_iff in Hin as (s1 & <- & Hin). constructor. eauto.
    - (* call *) eapply Hc; eauto.
  Qed.

  Lemma call_at_sound : forall n, call_sound (call_at D n).
  Proof.
    induction n as [|n IH]; intros sc P ps t s r s' E Hin; simpl in E; [discriminate|].
    destruct (find_def D P) as [d|] eqn:Ed; [|injection E as <-; destruct Hin].
    rewrite mtch_step in E. econstructor; eauto. eapply step_sound; eauto.
  Qed.

  Theorem soundness : forall n sc p t s r s',
      mtch D n sc p t s = Some r -> In s' r -> matches D sc s p t s'.
  Proof. intros n sc p. rewrite mtch_step. apply (step_sound _ (call_at_sound n) p sc). Qed.
End Soundness.
