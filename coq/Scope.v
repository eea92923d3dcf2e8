(** * The names in scope stay a scope along a run (CORE-SPEC sections 2 and 7.5)

    The matcher renames the locals of an instantiated body apart from the
    names in scope at the call ([Subst.arg_avoid]), which is capture-free
    when those names hold the free variables of the arguments
    ([SubstProps.instantiate_avoids]).  [in_scope sc p] says that [sc] holds
    the free variables, term and function, of [p].  It holds for the query
    at the start of [run], it passes from a pattern to each sub-pattern the
    matcher goes on with ([exists x] adding [x]), and from a call to its
    instantiated body when the definitions are well formed; so it holds at
    every call a run makes. *)

From Coq Require Import String List Bool.
From CorePyPM Require Import Syntax Subst SubstProps Algorithmic.
Import ListNotations.

Definition in_scope (sc : list name) (p : pat) : Prop := incl (pvars p) sc /\ incl (ffree p) sc.

(** ** Function variables of a substituted guard and pattern *)
Lemma subst_guard_fnames : forall σ ρ g,
    guard_fnames (subst_guard σ ρ g) = map (rename ρ) (guard_fnames g).
Proof.
  intros σ ρ. fix IH 1. intros g. destruct g; simpl; rewrite ?map_app, ?IH; auto.
  revert gs. fix IHl 1. intros [|g gs]; simpl; auto. rewrite map_app, IH, IHl. auto.
Qed.

Lemma rename_remove_other : forall ρ F G, G <> F -> rename (remove_key F ρ) G = rename ρ G.
Proof. intros. unfold rename. rewrite assoc_remove_key_other; auto. Qed.

(** Each free function variable of a substituted pattern is a renamed free
    function variable of the pattern or one of an argument that lands in it. *)
Theorem subst_fvars_origin : forall p avoid σ ρ G,
    In G (ffree (subst_pat avoid σ ρ p)) ->
    (exists F, In F (ffree p) /\ rename ρ F = G) \/
    (exists x q, In x (pvars p) /\ assoc x σ = Some q /\ In G (ffree q)).
Proof.
  intro p. induction p as [| x0 | f ps IH | F0 ps IH | p1 p2 IH1 IH2 | p1 p2 IH1 IH2
                          | p1 g IH | z p1 IH | F0 p1 IH | Q ps IH] using pat_ind';
    simpl; intros avoid σ ρ G HG; try rewrite Forall_forall in IH.
  - destruct HG.
  - destruct (assoc x0 σ) as [q|] eqn:E; [|destruct HG]. right. exists x0, q. simpl. auto.
  - rewrite in_flat_map in HG. destruct HG as (p' & Hp' & HG). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp _ _ _ _ HG) as [(F & H1 & H2)|(x & q & H1 & H2 & H3)].
    + left. exists F. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
  - destruct HG as [<-|HG]; [left; exists F0; simpl; auto|].
    rewrite in_flat_map in HG. destruct HG as (p' & Hp' & HG). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp _ _ _ _ HG) as [(F & H1 & H2)|(x & q & H1 & H2 & H3)].
    + left. exists F. split; auto. right. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
  - apply in_app_or in HG as [HG|HG]; [destruct (IH1 _ _ _ _ HG) as [(F & ? & ?)|(x & q & ? & ? & ?)]
                                     |destruct (IH2 _ _ _ _ HG) as [(F & ? & ?)|(x & q & ? & ? & ?)]];
      [left; exists F | right; exists x, q | left; exists F | right; exists x, q]; rewrite in_app_iff; auto.
  - apply in_app_or in HG as [HG|HG]; [destruct (IH1 _ _ _ _ HG) as [(F & ? & ?)|(x & q & ? & ? & ?)]
                                     |destruct (IH2 _ _ _ _ HG) as [(F & ? & ?)|(x & q & ? & ? & ?)]];
      [left; exists F | right; exists x, q | left; exists F | right; exists x, q]; rewrite in_app_iff; auto.
  - apply in_app_or in HG as [HG|HG].
    + destruct (IH _ _ _ _ HG) as [(F & ? & ?)|(x & q & ? & ? & ?)];
        [left; exists F | right; exists x, q]; rewrite ?in_app_iff; auto.
    + rewrite subst_guard_fnames in HG. apply in_map_iff in HG as (F & <- & HF).
      left. exists F. rewrite in_app_iff. auto.
  - (* exists: the renaming entry is a term variable, with no function variable *)
    destruct (mem z avoid); simpl in HG;
      destruct (IH _ _ _ _ HG) as [(F & H1 & H2)|(x & q & H1 & H2 & H3)];
      [left; exists F; auto | | left; exists F; auto |].
    + simpl in H2. destruct (String.eqb z x) eqn:E.
      * injection H2 as <-. destruct H3.
      * apply String.eqb_neq in E. right. exists x, q. split; [apply in_drop; auto|].
        rewrite <- (assoc_remove_key_other _ z); auto.
    + assert (x <> z) by (intro; subst; rewrite assoc_remove_key_same in H2; discriminate).
      right. exists x, q. split; [apply in_drop; auto|].
      rewrite <- (assoc_remove_key_other _ z); auto.
  - (* exists function variable: the bound one is renamed to the new binder or kept *)
    destruct (mem F0 _); simpl in HG; apply in_drop in HG as [HG Hne];
      destruct (IH _ _ _ _ HG) as [(F & H1 & H2)|(x & q & H1 & H2 & H3)];
      [| right; exists x, q; auto | | right; exists x, q; auto].
    + unfold rename in H2. simpl in H2. destruct (String.eqb F0 F) eqn:E; [congruence|].
      apply String.eqb_neq in E. left. exists F. split; [apply in_drop; auto|].
      rewrite <- (rename_remove_other ρ F0); auto.
    + destruct (String.eqb F F0) eqn:E.
      * apply String.eqb_eq in E. subst. unfold rename in Hne.
        rewrite assoc_remove_key_same in Hne. congruence.
      * apply String.eqb_neq in E. left. exists F. split; [apply in_drop; auto|].
        rewrite <- (rename_remove_other ρ F0); auto.
  - rewrite in_flat_map in HG. destruct HG as (p' & Hp' & HG). apply in_map_iff in Hp' as (p & <- & Hp).
    destruct (IH p Hp _ _ _ _ HG) as [(F & H1 & H2)|(x & q & H1 & H2 & H3)].
    + left. exists F. split; auto. apply in_flat_map. eauto.
    + right. exists x, q. split; auto. apply in_flat_map. eauto.
Qed.

(** ** The scope along a run *)

(** At the start of [run]: the query's names hold its free variables. *)
Theorem query_in_scope : forall p, in_scope (query_scope p) p.
Proof.
  intros p. unfold query_scope. split; intros y Hy; apply in_or_app.
  - left. apply pvars_tnames. auto.
  - right. apply ffree_fnames. auto.
Qed.

(** Under [exists x] (and [existsf F]) the matcher goes on with [x :: sc]. *)
Theorem exists_in_scope : forall sc x p, in_scope sc (PExists x p) -> in_scope (x :: sc) p.
Proof.
  intros sc x p [Ht Hf]. split; intros y Hy.
  - destruct (String.eqb y x) eqn:E; [apply String.eqb_eq in E; left; auto|].
    right. apply Ht. simpl. apply in_drop. split; auto. apply String.eqb_neq. auto.
  - right. apply Hf. auto.
Qed.

Theorem existsf_in_scope : forall sc F p, in_scope sc (PExistsF F p) -> in_scope (F :: sc) p.
Proof.
  intros sc F p [Ht Hf]. split; intros y Hy.
  - right. apply Ht. auto.
  - destruct (String.eqb y F) eqn:E; [apply String.eqb_eq in E; left; auto|].
    right. apply Hf. simpl. apply in_drop. split; auto. apply String.eqb_neq. auto.
Qed.

(** Every other sub-pattern the matcher goes on with keeps the scope. *)
Theorem children_in_scope : forall sc p q,
    in_scope sc p ->
    match p with
    | POp _ ps | PFVar _ ps | PCall _ ps => In q ps
    | PAlt p1 p2 | PAnd p1 p2 => q = p1 \/ q = p2
    | PGuard p1 _ => q = p1
    | _ => False
    end -> in_scope sc q.
Proof.
  intros sc p q [Ht Hf] Hq. unfold incl in *.
  destruct p; try contradiction; simpl in Ht, Hf;
    try (destruct Hq as [<-|<-]); try subst q; split; intros y Hy;
    first [ apply Ht; rewrite ?in_app_iff, ?in_flat_map; solve [eauto]
          | apply Hf; simpl; rewrite ?in_app_iff, ?in_flat_map; solve [eauto] ].
Qed.

(** A call in scope, of a well-formed definition (body's free term variables
    among its parameters, no free function variable), unfolds to a body in
    the same scope, and its instantiation avoids every free variable of its
    arguments. *)
Theorem call_in_scope : forall sc P ps d,
    length (d_params d) = length ps ->
    incl (pvars (d_body d)) (d_params d) -> ffree (d_body d) = [] ->
    in_scope sc (PCall P ps) ->
    in_scope sc (instantiate sc d ps) /\
    avoids_tvars (arg_avoid sc ps) (combine (d_params d) ps) /\
    avoids_fvars (arg_avoid sc ps) (combine (d_params d) ps).
Proof.
  intros sc P ps d Hl Hbody Hfree Hsc.
  assert (Hargs : forall q, In q ps -> in_scope sc q)
    by (intros q Hq; eapply children_in_scope; [exact Hsc|exact Hq]).
  split; [split|apply instantiate_avoids; auto].
  - apply instantiate_scoped; auto. intros q Hq. apply Hargs. auto.
  - intros G HG. unfold instantiate in HG.
    destruct (subst_fvars_origin _ _ _ _ _ HG) as [(F & HF & _)|(x & q & _ & Hq & HGq)].
    + rewrite Hfree in HF. destruct HF.
    + apply assoc_in, in_combine_r in Hq. apply (Hargs q Hq). auto.
Qed.
