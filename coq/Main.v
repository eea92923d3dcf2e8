(** * The main theorems of CorePyPM (CORE-SPEC section 7), stated plainly

    Each theorem is proved in the file named beside it; here it is restated
    so that a reader can check it against CORE-SPEC without reading proofs.
    [make -C coq test] prints the assumptions of each: none. *)

From Coq Require Import List String.
From CorePyPM Require Import Syntax Guard Subst.
Import ListNotations.

(** ** 7.5 Guard evaluation is total and deterministic (Guard.v) *)
Theorem guard_eval_total_deterministic : forall s g,
    exists r, eval s g = r /\ forall r', eval s g = r' -> r' = r.
Proof. exact eval_total_deterministic. Qed.

(** ** 7.5 Fresh names are fresh (Subst.v) *)
Theorem fresh_name_is_fresh : forall base avoid, ~ In (fresh base avoid) avoid.
Proof. exact fresh_not_in. Qed.
