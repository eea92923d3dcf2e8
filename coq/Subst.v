(** * Call-by-name instantiation with capture avoidance (CORE-SPEC section 2)

    [instantiate sc d ps] is the body of [d] with each parameter replaced by
    the argument pattern.  [sc] is the list of names in scope at the call: a
    superset of the free variables of the arguments, kept by the matcher as it
    goes (it never looks inside an argument, which after a few unfoldings can
    be a shared graph whose tree is exponentially large).  Substitution is
    simultaneous: under [exists y. q] whose [y] is in scope, [y] is renamed to
    a fresh name by adding the entry [y := PVar z] to the same substitution,
    so no second pass is needed.  Fresh names are longer than every name they
    must avoid, so they are new by a length argument; they contain '#', which
    no identifier of the wire format has. *)

From Coq Require Import Ascii String List Arith Lia Bool.
From CorePyPM Require Import Syntax.
Import ListNotations.


(** ** Names occurring in patterns (bound or free; a superset of the free ones) *)
Fixpoint guard_tnames (g : guard) : list name :=
  match g with
  | GOpOf x | GAttr x _ | GArity x => [x]
  | GList gs => flat_map guard_tnames gs
  | GLen g1 | GNot g1 => guard_tnames g1
  | GIndex g1 g2 | GArith _ g1 g2 | GEq g1 g2 | GNe g1 g2 | GCmp _ g1 g2
  | GAndAlso g1 g2 | GOrElse g1 g2 => guard_tnames g1 ++ guard_tnames g2
  | _ => []
  end.

Fixpoint guard_fnames (g : guard) : list name :=
  match g with
  | GFName F => [F]
  | GList gs => flat_map guard_fnames gs
  | GLen g1 | GNot g1 => guard_fnames g1
  | GIndex g1 g2 | GArith _ g1 g2 | GEq g1 g2 | GNe g1 g2 | GCmp _ g1 g2
  | GAndAlso g1 g2 | GOrElse g1 g2 => guard_fnames g1 ++ guard_fnames g2
  | _ => []
  end.

Fixpoint tnames (p : pat) : list name :=
  match p with
  | PWild => []
  | PVar x => [x]
  | POp _ ps | PFVar _ ps | PCall _ ps => flat_map tnames ps
  | PAlt p q | PAnd p q => tnames p ++ tnames q
  | PGuard p g => tnames p ++ guard_tnames g
  | PExists x p => x :: tnames p
  | PExistsF _ p => tnames p
  end.

Fixpoint fnames (p : pat) : list name :=
  match p with
  | PWild | PVar _ => []
  | POp _ ps | PCall _ ps => flat_map fnames ps
  | PFVar F ps => F :: flat_map fnames ps
  | PAlt p q | PAnd p q => fnames p ++ fnames q
  | PGuard p g => fnames p ++ guard_fnames g
  | PExists _ p => fnames p
  | PExistsF F p => F :: fnames p
  end.

(** ** Fresh names

    [fresh base avoid] is first tried as [base] followed by ['#'] and the
    length of [avoid] in binary: short, and new in practice, since the
    matcher's scope grows by one name per local it enters.  Should that name
    be in [avoid] after all, the base name followed by more ['#'] than the
    longest name of [avoid] is new by a length argument. *)
Definition mem (x : name) (l : list name) : bool := existsb (String.eqb x) l.

Fixpoint max_len (l : list name) : nat :=
  match l with
  | [] => 0
  | x :: l' => Nat.max (String.length x) (max_len l')
  end.

Fixpoint hashes (n : nat) : string :=
  match n with
  | 0 => EmptyString
  | S n' => String "#"%char (hashes n')
  end.

(** [n] in binary before [acc]; [fuel] bounds the number of digits. *)
Fixpoint binary_digits (fuel n : nat) (acc : string) : string :=
  let digit := if Nat.eqb (n - 2 * Nat.div2 n) 0 then "0"%string else "1"%string in
  let acc' := (digit ++ acc)%string in
  match fuel with
  | 0 => acc'
  | S fuel' => if Nat.leb n 1 then acc' else binary_digits fuel' (Nat.div2 n) acc'
  end.

Definition fresh (base : name) (avoid : list name) : name :=
  let short := (base ++ String "#"%char (binary_digits (length avoid) (length avoid) EmptyString))%string in
  if mem short avoid then (base ++ hashes (S (max_len avoid)))%string else short.

Lemma length_append : forall a b, String.length (a ++ b) = String.length a + String.length b.
Proof. induction a; simpl; auto. Qed.

Lemma length_hashes : forall n, String.length (hashes n) = n.
Proof. induction n; simpl; auto. Qed.

Lemma max_len_ge : forall x l, In x l -> String.length x <= max_len l.
Proof.
  induction l as [|y l IH]; simpl; [tauto|]. intros [<-|H]; [|apply IH in H]; lia.
Qed.

(** The fresh name avoids every name it is told to. *)
Theorem fresh_not_in : forall base avoid, ~ In (fresh base avoid) avoid.
Proof.
  intros base avoid H. unfold fresh in H. destruct (mem _ avoid) eqn:Em.
  - apply max_len_ge in H. rewrite length_append, length_hashes in H. lia.
  - unfold mem in Em. rewrite <- Bool.not_true_iff_false, existsb_exists in Em.
    apply Em. eexists. split; [exact H|]. apply String.eqb_refl.
Qed.

(** ** Simultaneous substitution *)

Definition rename (ρ : list (name * name)) (F : name) : name :=
  match assoc F ρ with Some G => G | None => F end.

(** A guard names a variable, so a guard-used parameter is always given a term
    variable (well-formedness).  Were it given another pattern, the guard
    would name the empty string, which nothing binds, and be false. *)
Definition guard_var (σ : list (name * pat)) (x : name) : name :=
  match assoc x σ with
  | Some (PVar y) => y
  | Some _ => EmptyString
  | None => x
  end.

Fixpoint subst_guard (σ : list (name * pat)) (ρ : list (name * name)) (g : guard) : guard :=
  match g with
  | GOpOf x => GOpOf (guard_var σ x)
  | GAttr x a => GAttr (guard_var σ x) a
  | GArity x => GArity (guard_var σ x)
  | GFName F => GFName (rename ρ F)
  | GList gs => GList (map (subst_guard σ ρ) gs)
  | GLen g1 => GLen (subst_guard σ ρ g1)
  | GNot g1 => GNot (subst_guard σ ρ g1)
  | GIndex g1 g2 => GIndex (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GArith o g1 g2 => GArith o (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GEq g1 g2 => GEq (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GNe g1 g2 => GNe (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GCmp c g1 g2 => GCmp c (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GAndAlso g1 g2 => GAndAlso (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GOrElse g1 g2 => GOrElse (subst_guard σ ρ g1) (subst_guard σ ρ g2)
  | GTrue | GFalse | GInt _ | GStr _ => g
  end.

(** [subst_pat avoid σ ρ p]: replace term variables by [σ] and rename
    function variables by [ρ], renaming apart the binders of [p] that are in
    [avoid].  [avoid] must hold the free variables (term and function) of
    [σ]'s range; [ρ]'s range is avoided too.  A renamed binder joins [avoid]
    since its new name is now in [σ]'s range. *)
Fixpoint subst_pat (avoid : list name) (σ : list (name * pat)) (ρ : list (name * name)) (p : pat)
  : pat :=
  match p with
  | PWild => PWild
  | PVar x => match assoc x σ with Some q => q | None => PVar x end
  | POp f ps => POp f (map (subst_pat avoid σ ρ) ps)
  | PFVar F ps => PFVar (rename ρ F) (map (subst_pat avoid σ ρ) ps)
  | PAlt p q => PAlt (subst_pat avoid σ ρ p) (subst_pat avoid σ ρ q)
  | PAnd p q => PAnd (subst_pat avoid σ ρ p) (subst_pat avoid σ ρ q)
  | PGuard p g => PGuard (subst_pat avoid σ ρ p) (subst_guard σ ρ g)
  | PExists x q =>
      let σ0 := remove_key x σ in
      if mem x avoid then
        let z := fresh x (avoid ++ tnames q) in
        PExists z (subst_pat (z :: avoid) ((x, PVar z) :: σ0) ρ q)
      else PExists x (subst_pat avoid σ0 ρ q)
  | PExistsF F q =>
      let ρ0 := remove_key F ρ in
      let captured := avoid ++ map snd ρ0 in
      if mem F captured then
        let G := fresh F (captured ++ fnames q) in
        PExistsF G (subst_pat avoid σ ((F, G) :: ρ0) q)
      else PExistsF F (subst_pat avoid σ ρ0 q)
  | PCall P ps => PCall P (map (subst_pat avoid σ ρ) ps)
  end.

(** ** The names an instantiation avoids

    [tally p budget acc] adds the names of [p] (bound or free, term or
    function) to [acc], visiting at most [budget] nodes of [p] as a tree:
    [None] when it has more.  Arguments are usually a few nodes, and then
    only their own names are avoided, as few renamings as possible; an
    argument built by earlier unfoldings can share subpatterns, and its tree
    be exponentially large, so past the budget the instantiation avoids the
    names in scope at the call instead, which hold the free variables of
    every argument and cost nothing to find. *)
Fixpoint tally (p : pat) (budget : nat) (acc : list name) {struct p} : option (nat * list name) :=
  let fix tally_all (ps : list pat) (budget : nat) (acc : list name) :=
      match ps with
      | [] => Some (budget, acc)
      | q :: qs =>
          match tally q budget acc with
          | Some (b, acc') => tally_all qs b acc'
          | None => None
          end
      end in
  match budget with
  | 0 => None
  | S b =>
      match p with
      | PWild => Some (b, acc)
      | PVar x => Some (b, x :: acc)
      | POp _ ps | PCall _ ps => tally_all ps b acc
      | PFVar F ps => tally_all ps b (F :: acc)
      | PAlt p1 p2 | PAnd p1 p2 =>
          match tally p1 b acc with
          | Some (b', acc') => tally p2 b' acc'
          | None => None
          end
      | PGuard p1 g => tally p1 b (guard_tnames g ++ guard_fnames g ++ acc)
      | PExists x p1 => tally p1 b (x :: acc)
      | PExistsF F p1 => tally p1 b (F :: acc)
      end
  end.

Definition tally_budget : nat := 64.

(** The arguments are tallied as the children of one (nameless) call. *)
Definition arg_avoid (sc : list name) (ps : list pat) : list name :=
  match tally (PCall EmptyString ps) tally_budget [] with
  | Some (_, names) => names
  | None => sc
  end.

(** A call [P(ps)] made where the names [sc] are in scope behaves as the body
    with each parameter replaced by its argument. *)
Definition instantiate (sc : list name) (d : def) (ps : list pat) : pat :=
  subst_pat (arg_avoid sc ps) (combine (d_params d) ps) [] (d_body d).
