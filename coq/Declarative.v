(** * Declarative semantics (CORE-SPEC section 6)

    [matches D sc s p t s']: under definitions [D], with the names [sc] in
    scope, pattern [p] matches term [t], extending [s] to [s'].  The scope
    only says which names an instantiated body must rename its locals away
    from (a superset of the free variables of [p]); [exists x] adds [x].
    One rule per clause of section 5, with no fuel and no order: alternation
    has one rule per side, and a call unfolds its body once per use.  [matches_kids] is the same for children, left to right. *)

From Coq Require Import String List.
From CorePyPM Require Import Syntax Guard Subst.
Import ListNotations.

Section Declarative.
  Variable D : defs.

  Inductive matches : list name -> subst -> pat -> term -> subst -> Prop :=
  | M_wild : forall sc s t,
      matches sc s PWild t s
  | M_var_bound : forall sc s x t,
      lookup_t s x = Some t ->
      matches sc s (PVar x) t s
  | M_var_unbound : forall sc s x t,
      lookup_t s x = None ->
      matches sc s (PVar x) t (bind_t s x t)
  | M_op : forall sc s f attrs ps ts s',
      matches_kids sc s ps ts s' ->
      matches sc s (POp f ps) (Node f attrs ts) s'
  | M_fvar_bound : forall sc s F g attrs ps ts s',
      lookup_f s F = Some g ->
      matches_kids sc s ps ts s' ->
      matches sc s (PFVar F ps) (Node g attrs ts) s'
  | M_fvar_unbound : forall sc s F g attrs ps ts s',
      lookup_f s F = None ->
      matches_kids sc (bind_f s F g) ps ts s' ->
      matches sc s (PFVar F ps) (Node g attrs ts) s'
  | M_alt_left : forall sc s p q t s',
      matches sc s p t s' ->
      matches sc s (PAlt p q) t s'
  | M_alt_right : forall sc s p q t s',
      matches sc s q t s' ->
      matches sc s (PAlt p q) t s'
  | M_and : forall sc s p q t s1 s2,
      matches sc s p t s1 ->
      matches sc s1 q t s2 ->
      matches sc s (PAnd p q) t s2
  | M_guard : forall sc s p g t s',
      matches sc s p t s' ->
      guard_holds s' g = true ->
      matches sc s (PGuard p g) t s'
  | M_exists : forall sc s x p t s',
      matches (x :: sc) (unbind_t s x) p t s' ->
      matches sc s (PExists x p) t (restore_t s x s')
  | M_existsf : forall sc s F p t s',
      matches (F :: sc) (unbind_f s F) p t s' ->
      matches sc s (PExistsF F p) t (restore_f s F s')
  | M_call : forall sc s P ps d t s',
      find_def D P = Some d ->
      matches sc s (instantiate sc d ps) t s' ->
      matches sc s (PCall P ps) t s'
  with matches_kids : list name -> subst -> list pat -> list term -> subst -> Prop :=
  | MK_nil : forall sc s,
      matches_kids sc s [] [] s
  | MK_cons : forall sc s p ps t ts s1 s2,
      matches sc s p t s1 ->
      matches_kids sc s1 ps ts s2 ->
      matches_kids sc s (p :: ps) (t :: ts) s2.

  Scheme matches_mut := Induction for matches Sort Prop
    with matches_kids_mut := Induction for matches_kids Sort Prop.
End Declarative.
