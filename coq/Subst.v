(** * Call-by-name instantiation with capture avoidance (CORE-SPEC section 2)

    [instantiate d ps] is the body of [d] with each parameter replaced by the
    argument pattern.  Substitution is simultaneous: under [exists y. q] whose
    [y] occurs in an argument, [y] is renamed to a fresh name by adding the
    entry [y := PVar z] to the same substitution, so no second pass is needed.
    Fresh names are longer than every name they must avoid, so they are new by
    a length argument; they contain '#', which no identifier of the wire
    format has. *)

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

(** ** Fresh names *)
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

Definition fresh (base : name) (avoid : list name) : name :=
  (base ++ hashes (S (max_len avoid)))%string.

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
  intros base avoid H. apply max_len_ge in H. unfold fresh in H.
  rewrite length_append, length_hashes in H. lia.
Qed.

(** ** Simultaneous substitution *)
Definition range_tnames (σ : list (name * pat)) : list name := flat_map (fun e => tnames (snd e)) σ.
Definition range_fnames (σ : list (name * pat)) : list name := flat_map (fun e => fnames (snd e)) σ.

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

Definition mem (x : name) (l : list name) : bool := existsb (String.eqb x) l.

(** [subst_pat σ ρ p]: replace term variables by [σ] and rename function
    variables by [ρ], renaming apart the binders of [p] that would capture a
    name of [σ]'s or [ρ]'s range. *)
Fixpoint subst_pat (σ : list (name * pat)) (ρ : list (name * name)) (p : pat) : pat :=
  match p with
  | PWild => PWild
  | PVar x => match assoc x σ with Some q => q | None => PVar x end
  | POp f ps => POp f (map (subst_pat σ ρ) ps)
  | PFVar F ps => PFVar (rename ρ F) (map (subst_pat σ ρ) ps)
  | PAlt p q => PAlt (subst_pat σ ρ p) (subst_pat σ ρ q)
  | PAnd p q => PAnd (subst_pat σ ρ p) (subst_pat σ ρ q)
  | PGuard p g => PGuard (subst_pat σ ρ p) (subst_guard σ ρ g)
  | PExists x q =>
      let σ0 := remove_key x σ in
      if mem x (range_tnames σ0) then
        let z := fresh x (range_tnames σ0 ++ tnames q) in
        PExists z (subst_pat ((x, PVar z) :: σ0) ρ q)
      else PExists x (subst_pat σ0 ρ q)
  | PExistsF F q =>
      let ρ0 := remove_key F ρ in
      let captured := range_fnames σ ++ map snd ρ0 in
      if mem F captured then
        let G := fresh F (captured ++ fnames q) in
        PExistsF G (subst_pat σ ((F, G) :: ρ0) q)
      else PExistsF F (subst_pat σ ρ0 q)
  | PCall P ps => PCall P (map (subst_pat σ ρ) ps)
  end.

(** A call [P(ps)] behaves as the body with each parameter replaced by its argument. *)
Definition instantiate (d : def) (ps : list pat) : pat :=
  subst_pat (combine (d_params d) ps) [] (d_body d).
