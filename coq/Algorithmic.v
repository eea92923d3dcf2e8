(** * Algorithmic semantics (CORE-SPEC section 5)

    [mtch D n sc p t s] is [M_n(p, t, s)]: [Some l] with [l] the ordered list
    of results (duplicates kept), or [None] for [Exhausted].  [sc] is the list
    of names in scope (a superset of the free variables of [p]): each [exists]
    adds its variable, and a call instantiates its body avoiding them, so that
    instantiation never has to look inside an argument.  [step c] is one
    clause per pattern form, parameterised by [c], what a call does; [mtch n]
    ties the knot: at fuel 0 a call is [Exhausted], at fuel [n+1] it is the
    instantiated body at fuel [n].  Every clause but the call passes the same
    [c], so fuel is spent only by calls, along each path. *)

From Coq Require Import String List Bool Arith.
From CorePyPM Require Import Syntax Guard Subst.
Import ListNotations.

Definition results := option (list subst).

Section Bind.
  Context {A B : Type} (f : A -> option (list B)).

  (** [concat [f x | x <- l]], [None] as soon as one [f x] is [None]. *)
  Fixpoint flat_map_opt (l : list A) : option (list B) :=
    match l with
    | [] => Some []
    | x :: l' =>
        match f x with
        | None => None
        | Some r =>
            match flat_map_opt l' with
            | None => None
            | Some r' => Some (r ++ r')
            end
        end
    end.

  Definition bind_all (o : option (list A)) : option (list B) :=
    match o with
    | None => None
    | Some l => flat_map_opt l
    end.
End Bind.

Section Kids.
  Variable m : pat -> term -> subst -> results.

  (** Children left to right: [S_i = concat [M(p_i, t_i, s') | s' <- S_(i-1)]],
      written per substitution (the same list, by associativity of [concat]). *)
  Fixpoint kids (ps : list pat) (ts : list term) (s : subst) : results :=
    match ps, ts with
    | [], [] => Some [s]
    | p :: ps', t :: ts' => bind_all (fun s1 => kids ps' ts' s1) (m p t s)
    | _, _ => Some []
    end.
End Kids.

Section Step.
  Variable call : list name -> name -> list pat -> term -> subst -> results.

  Fixpoint step (sc : list name) (p : pat) (t : term) (s : subst) {struct p} : results :=
    match p with
    | PWild => Some [s]
    | PVar x =>
        match lookup_t s x with
        | Some u => if term_eqb u t then Some [s] else Some []
        | None => Some [bind_t s x t]
        end
    | POp f ps =>
        match t with
        | Node g _ ts =>
            if String.eqb f g && Nat.eqb (length ps) (length ts)
            then kids (step sc) ps ts s else Some []
        end
    | PFVar F ps =>
        match t with
        | Node g _ ts =>
            if Nat.eqb (length ps) (length ts) then
              match lookup_f s F with
              | Some g' => if String.eqb g' g then kids (step sc) ps ts s else Some []
              | None => kids (step sc) ps ts (bind_f s F g)
              end
            else Some []
        end
    | PAlt p q =>
        match step sc p t s with
        | None => None
        | Some l1 =>
            match step sc q t s with
            | None => None
            | Some l2 => Some (l1 ++ l2)
            end
        end
    | PAnd p q => bind_all (fun s1 => step sc q t s1) (step sc p t s)
    | PGuard p g => option_map (filter (fun s1 => guard_holds s1 g)) (step sc p t s)
    | PExists x p => option_map (map (restore_t s x)) (step (x :: sc) p t (unbind_t s x))
    | PExistsF F p => option_map (map (restore_f s F)) (step (F :: sc) p t (unbind_f s F))
    | PCall P ps => call sc P ps t s
    end.
End Step.

Section Matcher.
  Variable D : defs.

  Fixpoint mtch (n : nat) : list name -> pat -> term -> subst -> results :=
    step (fun sc P ps t s =>
            match n with
            | 0 => None
            | S n' =>
                match find_def D P with
                | Some d => mtch n' sc (instantiate sc d ps) t s
                | None => Some []
                end
            end).

  (** What a call does at fuel [n]. *)
  (** The body's free variables come from the arguments, so the scope at
      the call is still a scope for the body. *)
  Definition call_at (n : nat) : list name -> name -> list pat -> term -> subst -> results :=
    fun sc P ps t s =>
      match n with
      | 0 => None
      | S n' =>
          match find_def D P with
          | Some d => mtch n' sc (instantiate sc d ps) t s
          | None => Some []
          end
      end.

  Lemma mtch_step : forall n, mtch n = step (call_at n).
  Proof. destruct n; reflexivity. Qed.
End Matcher.

(** The entry point of the extracted reference: match [p] against [t] from
    the empty substitution.  The scope starts with every name of the query,
    bound or free (a superset of its free variables, read once). *)
Definition query_scope (p : pat) : list name := tnames p ++ fnames p.

Definition run (D : defs) (fuel : nat) (p : pat) (t : term) : results :=
  mtch D fuel (query_scope p) p t empty_subst.
