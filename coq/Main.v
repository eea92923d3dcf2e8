(** * The main theorems of CorePyPM (CORE-SPEC section 7), stated plainly

    Each theorem is proved in the file named beside it; here it is restated
    so that a reader can check it against CORE-SPEC without reading proofs.
    [make -C coq test] prints the assumptions of each: none. *)

From Coq Require Import List String Bool Arith.
From CorePyPM Require Import Syntax Guard Subst SubstProps WellFormed Algorithmic Children
  Declarative Termination Guardedness Scope.
From CorePyPM Require Soundness Completeness FuelMonotone WellFormedProps GuardUse.
Import ListNotations.

(** [mtch D n sc p t s] is [M_n(p, t, s)] of section 5 ([None] is
    [Exhausted]); [matches D sc s p t s'] is [D |- s ⊢ p ~ t => s'] of
    section 6.  [sc] is the list of names in scope, a superset of the free
    variables of [p] (the query's names at the start; [exists x] adds [x]):
    a call renames the locals of the body that are in scope, so that no free
    variable of an argument is captured (section 2), without looking inside
    the arguments.  The names chosen for locals never appear in results. *)

(** ** Section 5, clause by clause

    The algorithmic semantics satisfies each equation of section 5 as
    written; children are threaded breadth first through [kids_spec]
    ([S_i = concat [M(p_i, t_i, s') | s' <- S_(i-1)]]).  [bind_t],
    [unbind_t] and [restore_t] are [s + x->t], [s - x] and [restore]. *)
Section Clauses.
  Variable D : defs.
  Variable n : nat.

  Theorem clause_wild : forall sc t s, mtch D n sc PWild t s = Some [s].
  Proof. intros. rewrite mtch_step. reflexivity. Qed.

  Theorem clause_var : forall sc x t s,
      mtch D n sc (PVar x) t s =
      match lookup_t s x with
      | Some u => if term_eqb u t then Some [s] else Some []
      | None => Some [bind_t s x t]
      end.
  Proof. intros. rewrite mtch_step. reflexivity. Qed.

  Theorem clause_op : forall sc f ps g attrs ts s,
      mtch D n sc (POp f ps) (Node g attrs ts) s =
      if String.eqb f g && Nat.eqb (List.length ps) (List.length ts)
      then kids_spec (mtch D n sc) ps ts (Some [s]) else Some [].
  Proof.
    intros. rewrite mtch_step. simpl. destruct (String.eqb f g && _) eqn:E; auto.
    apply andb_true_iff in E as [_ E]. apply Nat.eqb_eq in E. rewrite <- kids_as_in_spec; auto.
  Qed.

  Theorem clause_fvar : forall sc F ps g attrs ts s,
      mtch D n sc (PFVar F ps) (Node g attrs ts) s =
      if Nat.eqb (List.length ps) (List.length ts) then
        match lookup_f s F with
        | Some g' => if String.eqb g' g then kids_spec (mtch D n sc) ps ts (Some [s]) else Some []
        | None => kids_spec (mtch D n sc) ps ts (Some [bind_f s F g])
        end
      else Some [].
  Proof.
    intros. rewrite mtch_step. simpl. destruct (Nat.eqb _ _) eqn:E; auto.
    apply Nat.eqb_eq in E. rewrite <- !kids_as_in_spec; auto.
  Qed.

  Theorem clause_alt : forall sc p q t s,
      mtch D n sc (PAlt p q) t s =
      match mtch D n sc p t s, mtch D n sc q t s with
      | Some l1, Some l2 => Some (l1 ++ l2)
      | _, _ => None
      end.
  Proof. intros. rewrite mtch_step. simpl. destruct (step _ sc p t s); reflexivity. Qed.

  Theorem clause_and : forall sc p q t s,
      mtch D n sc (PAnd p q) t s = bind_all (fun s' => mtch D n sc q t s') (mtch D n sc p t s).
  Proof. intros. rewrite mtch_step. reflexivity. Qed.

  Theorem clause_guard : forall sc p g t s,
      mtch D n sc (PGuard p g) t s = option_map (filter (fun s' => guard_holds s' g)) (mtch D n sc p t s).
  Proof. intros. rewrite mtch_step. reflexivity. Qed.

  Theorem clause_exists : forall sc x p t s,
      mtch D n sc (PExists x p) t s = option_map (map (restore_t s x)) (mtch D n (x :: sc) p t (unbind_t s x)).
  Proof. intros. rewrite mtch_step. reflexivity. Qed.

  Theorem clause_existsf : forall sc F p t s,
      mtch D n sc (PExistsF F p) t s = option_map (map (restore_f s F)) (mtch D n (F :: sc) p t (unbind_f s F)).
  Proof. intros. rewrite mtch_step. reflexivity. Qed.
End Clauses.

Theorem clause_call_no_fuel : forall D sc P ps t s, mtch D 0 sc (PCall P ps) t s = None.
Proof. reflexivity. Qed.

Theorem clause_call : forall D n sc P ps t s,
    mtch D (S n) sc (PCall P ps) t s =
    match find_def D P with
    | Some d => mtch D n sc (instantiate sc d ps) t s
    | None => Some []   (* never reached: well-formedness rejects unknown definitions *)
    end.
Proof. reflexivity. Qed.

(** ** 7.1 Soundness (Soundness.v) *)
Theorem soundness : forall D n sc p t s l s',
    mtch D n sc p t s = Some l -> In s' l -> matches D sc s p t s'.
Proof. exact Soundness.soundness. Qed.

(** ** 7.2 Completeness (Completeness.v) *)
Theorem completeness : forall D n sc p t s l s',
    mtch D n sc p t s = Some l -> matches D sc s p t s' -> In s' l.
Proof. intros. eapply Completeness.completeness; eauto. Qed.

(** ** 7.3 Fuel monotonicity (FuelMonotone.v) *)
Theorem fuel_monotone : forall D n sc p t s l,
    mtch D n sc p t s = Some l -> mtch D (S n) sc p t s = Some l.
Proof. exact FuelMonotone.fuel_monotone. Qed.

Theorem fuel_monotone_le : forall D n m sc p t s l,
    n <= m -> mtch D n sc p t s = Some l -> mtch D m sc p t s = Some l.
Proof. exact FuelMonotone.fuel_monotone_le. Qed.

(** ** 7.4 Termination for guarded definitions (Termination.v, Guardedness.v)

    [recursive_calls_guarded D] is section 7.4's condition as written: a call
    to [Q] in the body of [P] is recursive when [P] can be reached from [Q]
    through calls ([reaches], [Q = P] included), and no recursive call may
    be unguarded ([ucalls]: the calls of a pattern that no operator or
    function-variable pattern encloses, arguments of such calls included).
    [fuel_bound D p t] is computed from [D], the query [p] and the height of
    [t]; any fuel at least as large gives an answer. *)
Theorem termination : forall D, recursive_calls_guarded D ->
  forall p t sc s n, fuel_bound D p t <= n -> mtch D n sc p t s <> None.
Proof.
  intros D HD. apply Termination.termination. apply recursive_calls_guarded_is_guarded. exact HD.
Qed.

Theorem termination_exists : forall D, recursive_calls_guarded D ->
  forall p t sc s, exists n, mtch D n sc p t s <> None.
Proof. intros D HD p t sc s. exists (fuel_bound D p t). apply termination; auto. Qed.

(** The proof goes through a ranking: [guarded D] asks only that the
    unguarded calls between definitions form no cycle, which is weaker. *)
Theorem termination_ranked : forall D, guarded D ->
  forall p t sc s n, fuel_bound D p t <= n -> mtch D n sc p t s <> None.
Proof. exact Termination.termination. Qed.

(** ** 7.5 Guard evaluation is total and deterministic (Guard.v) *)
Theorem guard_eval_total_deterministic : forall s g,
    exists r, eval s g = r /\ forall r', eval s g = r' -> r' = r.
Proof. exact eval_total_deterministic. Qed.

(** ** 7.5 Fresh names are fresh (Subst.v) *)
Theorem fresh_name_is_fresh : forall base avoid, ~ In (fresh base avoid) avoid.
Proof. exact fresh_not_in. Qed.

(** ** 7.5 Capture avoidance (SubstProps.v)

    [pvars p]: free term variables of [p] (pattern positions); [ffree p]: its
    free function variables.  Instantiating a body never captures a free
    variable of an argument that lands in it, never invents a free variable,
    and so keeps a well-scoped body well scoped.  [subst_pat avoid σ ρ p]
    renames the locals of [p] that are in [avoid]; it needs [avoid] to hold
    the free variables of the arguments ([avoids_tvars], [avoids_fvars]),
    which the matcher guarantees by passing the names in scope at the call
    ([scope_covers_call_arguments] below). *)
Theorem no_capture_of_term_variables : forall p avoid σ ρ x q y,
    (forall x' q' y', assoc x' σ = Some q' -> In y' (pvars q') -> In y' avoid) ->
    In x (pvars p) -> assoc x σ = Some q -> In y (pvars q) -> In y (pvars (subst_pat avoid σ ρ p)).
Proof. exact subst_keeps_arg_tvars. Qed.

Theorem no_capture_of_function_variables : forall p avoid σ ρ x q G,
    (forall x' q' G', assoc x' σ = Some q' -> In G' (ffree q') -> In G' avoid) ->
    In x (pvars p) -> assoc x σ = Some q -> In G (ffree q) -> In G (ffree (subst_pat avoid σ ρ p)).
Proof. exact subst_keeps_arg_fvars. Qed.

(** The names an instantiation avoids ([Subst.arg_avoid]: the arguments'
    own names when they are few, else the names in scope at the call) hold
    the free variables of the arguments whenever the names in scope do. *)
Theorem scope_covers_call_arguments : forall sc d ps,
    (forall q, In q ps -> incl (pvars q) sc /\ incl (ffree q) sc) ->
    (forall x q y, assoc x (combine (d_params d) ps) = Some q -> In y (pvars q) -> In y (arg_avoid sc ps)) /\
    (forall x q G, assoc x (combine (d_params d) ps) = Some q -> In G (ffree q) -> In G (arg_avoid sc ps)).
Proof. exact instantiate_avoids. Qed.

Theorem no_invented_variables : forall p avoid σ ρ y,
    In y (pvars (subst_pat avoid σ ρ p)) ->
    (In y (pvars p) /\ assoc y σ = None) \/
    (exists x q, In x (pvars p) /\ assoc x σ = Some q /\ In y (pvars q)).
Proof. exact subst_tvars_origin. Qed.

Theorem instantiation_preserves_scope : forall sc d ps (scope : list name),
    List.length (d_params d) = List.length ps ->
    incl (pvars (d_body d)) (d_params d) ->
    (forall q, In q ps -> incl (pvars q) scope) ->
    incl (pvars (instantiate sc d ps)) scope.
Proof. exact instantiate_scoped. Qed.

(** ** 7.5 The names in scope hold the free variables at every call of a run (Scope.v)

    [in_scope sc p]: [sc] holds the free term and function variables of [p].
    It holds for the query at the start of [run]; it passes to each
    sub-pattern the matcher goes on with, [exists x] and [existsf F] adding
    their variable as [step] does; and, for a well-formed definition, from a
    call to its instantiated body, whose instantiation then captures no free
    variable of the arguments ([scope_covers_call_arguments] and the
    no-capture theorems above). *)
Theorem scope_at_start : forall p, in_scope (query_scope p) p.
Proof. exact query_in_scope. Qed.

Theorem scope_under_exists : forall sc x p, in_scope sc (PExists x p) -> in_scope (x :: sc) p.
Proof. exact exists_in_scope. Qed.

Theorem scope_under_existsf : forall sc F p, in_scope sc (PExistsF F p) -> in_scope (F :: sc) p.
Proof. exact existsf_in_scope. Qed.

Theorem scope_of_children : forall sc p q,
    in_scope sc p ->
    match p with
    | POp _ ps | PFVar _ ps | PCall _ ps => In q ps
    | PAlt p1 p2 | PAnd p1 p2 => q = p1 \/ q = p2
    | PGuard p1 _ => q = p1
    | _ => False
    end -> in_scope sc q.
Proof. exact children_in_scope. Qed.

Theorem scope_through_calls : forall D q sc P ps d,
    wf_check D q = None -> find_def D P = Some d -> List.length (d_params d) = List.length ps ->
    in_scope sc (PCall P ps) ->
    in_scope sc (instantiate sc d ps) /\
    (forall x q y, assoc x (combine (d_params d) ps) = Some q -> In y (pvars q) -> In y (arg_avoid sc ps)) /\
    (forall x q G, assoc x (combine (d_params d) ps) = Some q -> In G (ffree q) -> In G (arg_avoid sc ps)).
Proof.
  intros D q sc P ps d Hwf Ed Hl Hsc. apply find_def_in in Ed as [Hd _].
  destruct (WellFormedProps.wf_check_scoped D q Hwf d Hd) as [Hb Hf].
  eapply call_in_scope; eauto.
Qed.

(** ** 7.5 Well-formedness gives well-scoped bodies (WellFormedProps.v)

    What [wf_check] (run before any matching) guarantees: every body's free
    term variables are parameters and it has no free function variable, so,
    by [instantiation_preserves_scope], instantiating it with arguments in
    the caller's scope stays in the caller's scope. *)
Theorem well_formed_bodies_scoped : forall D q, wf_check D q = None ->
  forall d, In d D -> incl (pvars (d_body d)) (d_params d) /\ ffree (d_body d) = [].
Proof. exact WellFormedProps.wf_check_scoped. Qed.

(** ** 7.5 Well-formedness is preserved by instantiation (GuardUse.v)

    [check_calls D gu p]: every call of [p] names a definition of [D], has
    the right number of arguments, and passes a term variable for each
    guard-used parameter ([guard_used D], the transitive closure of section
    2, which [GuardUse.guard_used_closed] shows is reached).  When [wf_check]
    passes, a well-formed call unfolds to a body whose calls are well formed
    again, so along any run a guard always names a variable. *)
Theorem instantiation_keeps_calls_well_formed : forall D q sc P d ps,
    wf_check D q = None -> find_def D P = Some d ->
    check_calls D (guard_used D) (PCall P ps) = None ->
    check_calls D (guard_used D) (instantiate sc d ps) = None.
Proof. exact GuardUse.instantiate_calls_ok. Qed.

