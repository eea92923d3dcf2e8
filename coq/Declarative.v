(** * Declarative semantics (CORE-SPEC section 6)

    [matches D s p t s']: under definitions [D], pattern [p] matches term [t],
    extending [s] to [s'].  One rule per clause of section 5, with no fuel and
    no order: alternation has one rule per side, and a call unfolds its body
    once per use.  [matches_kids] is the same for children, left to right. *)

From Coq Require Import String List.
From CorePyPM Require Import Syntax Guard Subst.
Import ListNotations.

Section Declarative.
  Variable D : defs.

  Inductive matches : subst -> pat -> term -> subst -> Prop :=
  | M_wild : forall s t,
      matches s PWild t s
  | M_var_bound : forall s x t,
      lookup_t s x = Some t ->
      matches s (PVar x) t s
  | M_var_unbound : forall s x t,
      lookup_t s x = None ->
      matches s (PVar x) t (bind_t s x t)
  | M_op : forall s f attrs ps ts s',
      matches_kids s ps ts s' ->
      matches s (POp f ps) (Node f attrs ts) s'
  | M_fvar_bound : forall s F g attrs ps ts s',
      lookup_f s F = Some g ->
      matches_kids s ps ts s' ->
      matches s (PFVar F ps) (Node g attrs ts) s'
  | M_fvar_unbound : forall s F g attrs ps ts s',
      lookup_f s F = None ->
      matches_kids (bind_f s F g) ps ts s' ->
      matches s (PFVar F ps) (Node g attrs ts) s'
  | M_alt_left : forall s p q t s',
      matches s p t s' ->
      matches s (PAlt p q) t s'
  | M_alt_right : forall s p q t s',
      matches s q t s' ->
      matches s (PAlt p q) t s'
  | M_and : forall s p q t s1 s2,
      matches s p t s1 ->
      matches s1 q t s2 ->
      matches s (PAnd p q) t s2
  | M_guard : forall s p g t s',
      matches s p t s' ->
      guard_holds s' g = true ->
      matches s (PGuard p g) t s'
  | M_exists : forall s x p t s',
      matches (unbind_t s x) p t s' ->
      matches s (PExists x p) t (restore_t s x s')
  | M_existsf : forall s F p t s',
      matches (unbind_f s F) p t s' ->
      matches s (PExistsF F p) t (restore_f s F s')
  | M_call : forall s P ps d t s',
      find_def D P = Some d ->
      matches s (instantiate d ps) t s' ->
      matches s (PCall P ps) t s'
  with matches_kids : subst -> list pat -> list term -> subst -> Prop :=
  | MK_nil : forall s,
      matches_kids s [] [] s
  | MK_cons : forall s p ps t ts s1 s2,
      matches s p t s1 ->
      matches_kids s1 ps ts s2 ->
      matches_kids s (p :: ps) (t :: ts) s2.

  Scheme matches_mut := Induction for matches Sort Prop
    with matches_kids_mut := Induction for matches_kids Sort Prop.
End Declarative.
