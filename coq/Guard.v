(** * Guards and their evaluation (CORE-SPEC section 4)

    [eval] is a Coq function, so it is total and deterministic by
    construction; [None] is the error that makes a guard false.  Integers are
    [Z]; the result of [+ - * / %] must lie in the signed 64-bit range, else it
    is an error (the implementation choice that section 4 allows, fixed for
    every implementation in docs/CORE-SPEC-NOTES.md). *)

From Coq Require Import String List ZArith Bool.
From CorePyPM Require Import Syntax.
Import ListNotations.
Local Open Scope Z_scope.

Definition int64_min : Z := - 9223372036854775808.
Definition int64_max : Z := 9223372036854775807.

Definition in_int64 (z : Z) : bool := (int64_min <=? z) && (z <=? int64_max).

Definition checked (z : Z) : option value := if in_int64 z then Some (VInt z) else None.

(** [/] and [%] truncate toward zero: [Z.quot] and [Z.rem]. *)
Definition eval_arith (o : arith) (a b : Z) : option value :=
  match o with
  | AAdd => checked (a + b)
  | ASub => checked (a - b)
  | AMul => checked (a * b)
  | ADiv => if b =? 0 then None else checked (Z.quot a b)
  | AMod => if b =? 0 then None else checked (Z.rem a b)
  end.

Definition eval_cmp (c : cmp) (a b : Z) : bool :=
  match c with
  | CLt => a <? b
  | CLe => a <=? b
  | CGt => b <? a
  | CGe => b <=? a
  end.

(** List index; a negative index counts from the end. *)
Definition index (vs : list value) (k : Z) : option value :=
  let i := if k <? 0 then k + Z.of_nat (length vs) else k in
  if (i <? 0) || (Z.of_nat (length vs) <=? i) then None else nth_error vs (Z.to_nat i).

Section MapOpt.
  Context {A B : Type} (f : A -> option B).
  (** Every element is evaluated; one error makes the whole list an error. *)
  Fixpoint map_opt (l : list A) : option (list B) :=
    match l with
    | [] => Some []
    | a :: l' =>
        match f a, map_opt l' with
        | Some b, Some bs => Some (b :: bs)
        | _, _ => None
        end
    end.
End MapOpt.

Definition as_bool (r : option value) : option bool :=
  match r with
  | Some (VBool b) => Some b
  | _ => None
  end.

Fixpoint eval (s : subst) (g : guard) : option value :=
  match g with
  | GTrue => Some (VBool true)
  | GFalse => Some (VBool false)
  | GInt z => Some (VInt z)
  | GStr str => Some (VStr str)
  | GList gs => option_map VList (map_opt (eval s) gs)
  | GOpOf x =>
      match lookup_t s x with
      | Some (Node op _ _) => Some (VStr op)
      | None => None
      end
  | GAttr x a =>
      match lookup_t s x with
      | Some (Node _ attrs _) => assoc a attrs
      | None => None
      end
  | GArity x =>
      match lookup_t s x with
      | Some (Node _ _ kids) => Some (VInt (Z.of_nat (length kids)))
      | None => None
      end
  | GFName F => option_map VStr (lookup_f s F)
  | GLen g1 =>
      match eval s g1 with
      | Some (VList vs) => Some (VInt (Z.of_nat (length vs)))
      | _ => None
      end
  | GIndex g1 g2 =>
      match eval s g1, eval s g2 with
      | Some (VList vs), Some (VInt k) => index vs k
      | _, _ => None
      end
  | GArith o g1 g2 =>
      match eval s g1, eval s g2 with
      | Some (VInt a), Some (VInt b) => eval_arith o a b
      | _, _ => None
      end
  | GEq g1 g2 =>
      match eval s g1, eval s g2 with
      | Some v, Some w => Some (VBool (value_eqb v w))
      | _, _ => None
      end
  | GNe g1 g2 =>
      match eval s g1, eval s g2 with
      | Some v, Some w => Some (VBool (negb (value_eqb v w)))
      | _, _ => None
      end
  | GCmp c g1 g2 =>
      match eval s g1, eval s g2 with
      | Some (VInt a), Some (VInt b) => Some (VBool (eval_cmp c a b))
      | _, _ => None
      end
  | GAndAlso g1 g2 =>
      match as_bool (eval s g1) with
      | Some true => option_map VBool (as_bool (eval s g2))
      | Some false => Some (VBool false)
      | None => None
      end
  | GOrElse g1 g2 =>
      match as_bool (eval s g1) with
      | Some true => Some (VBool true)
      | Some false => option_map VBool (as_bool (eval s g2))
      | None => None
      end
  | GNot g1 => option_map (fun b => VBool (negb b)) (as_bool (eval s g1))
  end.

(** A guard passes only when it evaluates to [true]. *)
Definition guard_holds (s : subst) (g : guard) : bool :=
  match eval s g with
  | Some (VBool true) => true
  | _ => false
  end.

(** ** Totality and determinism (section 7.5)

    Every guard evaluates to exactly one outcome: a value or the error. *)
Theorem eval_total_deterministic : forall s g,
    exists r, eval s g = r /\ forall r', eval s g = r' -> r' = r.
Proof. intros s g. exists (eval s g). split; congruence. Qed.

(** An error anywhere makes the guard false, even under [not]. *)
Lemma not_error_is_false : forall s g, eval s g = None -> guard_holds s (GNot g) = false.
Proof. intros s g E. unfold guard_holds. simpl. rewrite E. reflexivity. Qed.

(** An overflowing result is an error. *)
Lemma arith_overflow_is_error : forall o a b z,
    eval_arith o a b = Some (VInt z) -> in_int64 z = true.
Proof.
  assert (C : forall w z, checked w = Some (VInt z) -> in_int64 z = true).
  { unfold checked. intros w z. destruct (in_int64 w) eqn:E; intro H; [|discriminate].
    injection H as <-. exact E. }
  intros o a b z. destruct o; simpl; try destruct (b =? 0); try discriminate; apply C.
Qed.
