(** * Well-formedness (CORE-SPEC section 2)

    [wf_check D q] is [None] when the definitions [D] and the query [q] are
    well formed, and [Some msg] naming the first problem otherwise.  It is
    run before any matching. *)

From Coq Require Import String List Bool Arith.
From CorePyPM Require Import Syntax Subst.
Import ListNotations.
Local Open Scope string_scope.

Section FirstError.
  Context {A : Type} (f : A -> option string).
  Fixpoint first_error (l : list A) : option string :=
    match l with
    | [] => None
    | a :: l' => match f a with Some e => Some e | None => first_error l' end
    end.
End FirstError.

Definition or_else (a b : option string) : option string :=
  match a with Some e => Some e | None => b end.

Fixpoint first_dup (l : list name) : option name :=
  match l with
  | [] => None
  | x :: l' => if mem x l' then Some x else first_dup l'
  end.

(** ** Scope: every variable of a body is a parameter or bound by an enclosing [exists] *)
Definition scope_guard (bt bf : list name) (g : guard) : option string :=
  or_else (first_error (fun x => if mem x bt then None else Some ("free variable " ++ x)) (guard_tnames g))
          (first_error (fun F => if mem F bf then None else Some ("free function variable ?" ++ F))
                       (guard_fnames g)).

Fixpoint check_scope (bt bf : list name) (p : pat) : option string :=
  match p with
  | PWild => None
  | PVar x => if mem x bt then None else Some ("free variable " ++ x)
  | POp _ ps | PCall _ ps => first_error (check_scope bt bf) ps
  | PFVar F ps =>
      if mem F bf then first_error (check_scope bt bf) ps
      else Some ("free function variable ?" ++ F)
  | PAlt p q | PAnd p q => or_else (check_scope bt bf p) (check_scope bt bf q)
  | PGuard p g => or_else (check_scope bt bf p) (scope_guard bt bf g)
  | PExists x q => check_scope (x :: bt) bf q
  | PExistsF F q => check_scope bt (F :: bf) q
  end.

(** ** Guard-used parameters *)
Definition drop (x : name) (l : list name) : list name := filter (fun y => negb (String.eqb y x)) l.

(** Term variables that a guard of [p] names and no [exists] of [p] binds. *)
Fixpoint guard_refs (p : pat) : list name :=
  match p with
  | PWild | PVar _ => []
  | POp _ ps | PFVar _ ps | PCall _ ps => flat_map guard_refs ps
  | PAlt p q | PAnd p q => guard_refs p ++ guard_refs q
  | PGuard p g => guard_refs p ++ guard_tnames g
  | PExists x q => drop x (guard_refs q)
  | PExistsF _ q => guard_refs q
  end.

(** [(Q, i, x)]: the [i]-th argument of a call of [Q] is the bare variable [x]
    and no [exists] of [p] binds [x] there. *)
Fixpoint bare_positions (Q : name) (i : nat) (ps : list pat) : list (name * nat * name) :=
  match ps with
  | [] => []
  | PVar x :: ps' => (Q, i, x) :: bare_positions Q (S i) ps'
  | _ :: ps' => bare_positions Q (S i) ps'
  end.

Fixpoint bare_args (p : pat) : list (name * nat * name) :=
  match p with
  | PWild | PVar _ => []
  | POp _ ps | PFVar _ ps => flat_map bare_args ps
  | PCall Q ps => bare_positions Q 0 ps ++ flat_map bare_args ps
  | PAlt p q | PAnd p q => bare_args p ++ bare_args q
  | PGuard p _ => bare_args p
  | PExists x q => filter (fun e => negb (String.eqb (snd e) x)) (bare_args q)
  | PExistsF _ q => bare_args q
  end.

Definition pair_eqb (a b : name * name) : bool := String.eqb (fst a) (fst b) && String.eqb (snd a) (snd b).

(** Is the [i]-th parameter of [Q] in the set [gu] of guard-used parameters? *)
Definition is_guard_used (D : defs) (gu : list (name * name)) (Q : name) (i : nat) : bool :=
  match find_def D Q with
  | Some d =>
      match nth_error (d_params d) i with
      | Some x => existsb (pair_eqb (Q, x)) gu
      | None => false
      end
  | None => false
  end.

Definition direct_uses (d : def) : list (name * name) :=
  map (fun x => (d_name d, x)) (filter (fun x => mem x (guard_refs (d_body d))) (d_params d)).

Definition passed_uses (D : defs) (gu : list (name * name)) (d : def) : list (name * name) :=
  map (fun x => (d_name d, x))
      (filter (fun x => existsb (fun e => let '(Q, i, y) := e in
                                         String.eqb y x && is_guard_used D gu Q i)
                                (bare_args (d_body d)))
              (d_params d)).

(** The transitive closure, reached after at most one round per parameter. *)
Fixpoint guard_used_iter (D : defs) (k : nat) (gu : list (name * name)) : list (name * name) :=
  match k with
  | 0 => gu
  | S k' => guard_used_iter D k' (flat_map direct_uses D ++ flat_map (passed_uses D gu) D)
  end.

Definition guard_used (D : defs) : list (name * name) :=
  guard_used_iter D (S (length (flat_map d_params D))) (flat_map direct_uses D).

(** ** Calls: known definition, right arity, a term variable for each guard-used parameter *)
Fixpoint check_guard_args (D : defs) (gu : list (name * name)) (Q : name) (i : nat) (ps : list pat)
  : option string :=
  match ps with
  | [] => None
  | p :: ps' =>
      match p with
      | PVar _ => check_guard_args D gu Q (S i) ps'
      | _ =>
          if is_guard_used D gu Q i
          then Some ("call " ++ Q ++ ": an argument for a guard-used parameter must be a term variable")
          else check_guard_args D gu Q (S i) ps'
      end
  end.

Fixpoint check_calls (D : defs) (gu : list (name * name)) (p : pat) : option string :=
  match p with
  | PWild | PVar _ => None
  | POp _ ps | PFVar _ ps => first_error (check_calls D gu) ps
  | PCall Q ps =>
      match find_def D Q with
      | None => Some ("unknown definition " ++ Q)
      | Some d =>
          if Nat.eqb (length ps) (length (d_params d))
          then or_else (check_guard_args D gu Q 0 ps) (first_error (check_calls D gu) ps)
          else Some ("call " ++ Q ++ ": wrong number of arguments")
      end
  | PAlt p q | PAnd p q => or_else (check_calls D gu p) (check_calls D gu q)
  | PGuard p _ | PExists _ p | PExistsF _ p => check_calls D gu p
  end.

Definition check_def (D : defs) (gu : list (name * name)) (d : def) : option string :=
  let within e := Some ("definition " ++ d_name d ++ ": " ++ e) in
  match first_dup (d_params d) with
  | Some x => within ("duplicate parameter " ++ x)
  | None =>
      match or_else (check_scope (d_params d) [] (d_body d)) (check_calls D gu (d_body d)) with
      | Some e => within e
      | None => None
      end
  end.

Definition wf_check (D : defs) (q : pat) : option string :=
  match first_dup (map d_name D) with
  | Some P => Some ("duplicate definition " ++ P)
  | None =>
      let gu := guard_used D in
      or_else (first_error (check_def D gu) D)
              (match check_calls D gu q with
               | Some e => Some ("query: " ++ e)
               | None => None
               end)
  end.
