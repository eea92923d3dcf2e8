(** * The main theorems of CorePyPM (CORE-SPEC section 7), stated plainly

    Each theorem is proved in the file named beside it; here it is restated
    so that a reader can check it against CORE-SPEC without reading proofs.
    [make -C coq test] prints the assumptions of each: none. *)

From Coq Require Import List String.
From CorePyPM Require Import Syntax Guard Subst Algorithmic Declarative.
From CorePyPM Require Soundness Completeness FuelMonotone Termination.
Import Termination.
Import ListNotations.

(** [mtch D n p t s] is [M_n(p, t, s)] of section 5 ([None] is [Exhausted]);
    [matches D s p t s'] is [D |- s ⊢ p ~ t => s'] of section 6. *)

(** ** 7.1 Soundness (Soundness.v) *)
Theorem soundness : forall D n p t s l s',
    mtch D n p t s = Some l -> In s' l -> matches D s p t s'.
Proof. exact Soundness.soundness. Qed.

(** ** 7.2 Completeness (Completeness.v) *)
Theorem completeness : forall D n p t s l s',
    mtch D n p t s = Some l -> matches D s p t s' -> In s' l.
Proof. intros. eapply Completeness.completeness; eauto. Qed.

(** ** 7.3 Fuel monotonicity (FuelMonotone.v) *)
Theorem fuel_monotone : forall D n p t s l,
    mtch D n p t s = Some l -> mtch D (S n) p t s = Some l.
Proof. exact FuelMonotone.fuel_monotone. Qed.

Theorem fuel_monotone_le : forall D n m p t s l,
    n <= m -> mtch D n p t s = Some l -> mtch D m p t s = Some l.
Proof. exact FuelMonotone.fuel_monotone_le. Qed.

(** ** 7.4 Termination for guarded definitions (Termination.v)

    [guarded D]: the definitions can be ranked below [length D] so that every
    call in a body that no operator or function-variable pattern encloses
    ([ucalls]) names a definition of lower rank.  [fuel_bound D p t] is
    computed from [D], the query [p] and the height of [t]. *)
Theorem termination : forall D, guarded D ->
  forall p t s n, fuel_bound D p t <= n -> mtch D n p t s <> None.
Proof. exact Termination.termination. Qed.

Theorem termination_exists : forall D, guarded D ->
  forall p t s, exists n, mtch D n p t s <> None.
Proof. intros D HD p t s. exists (fuel_bound D p t). apply termination; auto. Qed.

(** ** 7.5 Guard evaluation is total and deterministic (Guard.v) *)
Theorem guard_eval_total_deterministic : forall s g,
    exists r, eval s g = r /\ forall r', eval s g = r' -> r' = r.
Proof. exact eval_total_deterministic. Qed.

(** ** 7.5 Fresh names are fresh (Subst.v) *)
Theorem fresh_name_is_fresh : forall base avoid, ~ In (fresh base avoid) avoid.
Proof. exact fresh_not_in. Qed.
