(** * Termination for guarded definitions (CORE-SPEC section 7.4)

    A call is unguarded in a pattern when no operator or function-variable
    pattern encloses it ([ucalls]).  [D] is guarded when its definitions can
    be ranked (ranks below [length D]) so that every unguarded call in a body
    to a definition of [D] names one of lower rank: a chain of calls that
    does not descend into a child is then at most [length D] long.
    Section 7.4's condition, every recursive call under an operator or
    function-variable pattern, gives such a ranking (Guardedness.v).

    [cost D h p] is the fuel that suffices to match [p] against any term of
    height at most [h]: a call costs one, plus a bound of its body
    ([bodies]), plus its arguments, which call-by-name places in the body;
    an operator's children are charged at height [h - 1]. *)

From Coq Require Import String List Bool Arith Lia.
From CorePyPM Require Import Syntax Guard Subst Algorithmic Results.
Import ListNotations.

Fixpoint ucalls (p : pat) : list name :=
  match p with
  | PWild | PVar _ | POp _ _ | PFVar _ _ => []
  | PAlt p q | PAnd p q => ucalls p ++ ucalls q
  | PGuard p _ | PExists _ p | PExistsF _ p => ucalls p
  | PCall P ps => P :: flat_map ucalls ps
  end.

Definition guarded (D : defs) : Prop :=
  exists rank : name -> nat,
    (forall P d, find_def D P = Some d -> rank P < length D) /\
    (forall P d Q, find_def D P = Some d -> In Q (ucalls (d_body d)) -> find_def D Q <> None ->
                   rank Q < rank P).

Fixpoint height (t : term) : nat :=
  match t with Node _ _ kids => S (list_max (map height kids)) end.

(** ** The fuel bound *)
Section Cost.
  Variable D : defs.

  Fixpoint cost_at (child : pat -> nat) (bf : name -> nat) (p : pat) : nat :=
    match p with
    | PWild | PVar _ => 0
    | POp _ ps | PFVar _ ps => list_max (map child ps)
    | PAlt p q | PAnd p q => Nat.max (cost_at child bf p) (cost_at child bf q)
    | PGuard p _ | PExists _ p | PExistsF _ p => cost_at child bf p
    | PCall P ps => S (bf P + list_max (map (cost_at child bf) ps))
    end.

  Definition body_cost (child : pat -> nat) (bf : name -> nat) (P : name) : nat :=
    match find_def D P with
    | Some d => cost_at child bf (d_body d)
    | None => 0
    end.

  (** [k] rounds of bounding each body by the bounds of the previous round. *)
  Fixpoint bodies (child : pat -> nat) (k : nat) : name -> nat :=
    match k with
    | 0 => fun _ => 0
    | S k' => body_cost child (bodies child k')
    end.

  Fixpoint cost (h : nat) (p : pat) : nat :=
    let child := match h with 0 => fun _ => 0 | S h' => cost h' end in
    cost_at child (bodies child (length D)) p.

  Definition child_of (h : nat) : pat -> nat :=
    match h with 0 => fun _ => 0 | S h' => cost h' end.

  Lemma cost_unfold : forall h p, cost h p = cost_at (child_of h) (bodies (child_of h) (length D)) p.
  Proof. destruct h; reflexivity. Qed.
End Cost.

(** The fuel bound of section 7.4, from [D], the query and the term's height
    (at most its size). *)
Definition fuel_bound (D : defs) (p : pat) (t : term) : nat := cost D (height t) p.

(** ** Lemmas on [list_max] *)
Lemma list_max_map_cons : forall A (f : A -> nat) x l,
    list_max (map f (x :: l)) = Nat.max (f x) (list_max (map f l)).
Proof. reflexivity. Qed.

Lemma list_max_map_le : forall A (f g : A -> nat) m l,
    (forall x, In x l -> f x <= g x + m) -> list_max (map f l) <= list_max (map g l) + m.
Proof.
  intros A f g m l H. induction l as [|x l IH]; [simpl; lia|].
  rewrite !list_max_map_cons.
  specialize (H x (or_introl eq_refl)) as Hx.
  assert (list_max (map f l) <= list_max (map g l) + m) by (apply IH; intros; apply H; right; auto).
  lia.
Qed.

Lemma list_max_in : forall A (f : A -> nat) x l, In x l -> f x <= list_max (map f l).
Proof.
  intros A f x l H. induction l as [|y l IH]; [destruct H|].
  rewrite list_max_map_cons. destruct H as [<-|H]; [lia|]. specialize (IH H). lia.
Qed.

Lemma list_max_map_ext : forall A (f g : A -> nat) l,
    (forall x, In x l -> f x = g x) -> list_max (map f l) = list_max (map g l).
Proof. intros A f g l H. f_equal. apply map_ext_in. auto. Qed.

Lemma list_max_map_mono : forall A (f g : A -> nat) l,
    (forall x, In x l -> f x <= g x) -> list_max (map f l) <= list_max (map g l).
Proof.
  intros A f g l H. rewrite <- (Nat.add_0_r (list_max (map g l))).
  apply list_max_map_le. intros. rewrite Nat.add_0_r. auto.
Qed.

Lemma list_max_le_all : forall l m, list_max l <= m <-> Forall (fun k => k <= m) l.
Proof. intros. apply list_max_le. Qed.


(** ** Monotonicity of the bound *)
Section Monotone.
  Variable D : defs.

  Lemma cost_at_mono : forall c1 c2 b1 b2,
      (forall q, c1 q <= c2 q) -> (forall P, b1 P <= b2 P) ->
      forall p, cost_at c1 b1 p <= cost_at c2 b2 p.
  Proof.
    intros c1 c2 b1 b2 Hc Hb p.
    induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                    | p g IH | x p IH | F p IH | Q ps IH] using pat_ind'; simpl; try lia;
      try (apply list_max_map_mono; auto).
    rewrite Forall_forall in IH. specialize (Hb Q).
    assert (list_max (map (cost_at c1 b1) ps) <= list_max (map (cost_at c2 b2) ps))
      by (apply list_max_map_mono; auto).
    lia.
  Qed.

  Lemma bodies_mono : forall c1 c2, (forall q, c1 q <= c2 q) ->
    forall k P, bodies D c1 k P <= bodies D c2 k P.
  Proof.
    intros c1 c2 Hc k. induction k as [|k IH]; intros P; simpl; [lia|].
    unfold body_cost. destruct (find_def D P); [|lia]. apply cost_at_mono; auto.
  Qed.

  Lemma child_of_mono : forall h q, child_of D h q <= child_of D (S h) q.
  Proof.
    induction h as [|h IH]; intros q; simpl; [lia|].
    rewrite !cost_unfold. apply cost_at_mono; auto. apply bodies_mono. auto.
  Qed.

  Lemma cost_mono : forall h q, cost D h q <= cost D (S h) q.
  Proof. intros. apply (child_of_mono (S h)). Qed.
End Monotone.

(** ** Substitution adds at most the cost of the arguments *)
Section SubstCost.
  Definition subst_ok (f : pat -> nat) : Prop :=
    forall avoid σ ρ p, f (subst_pat avoid σ ρ p) <= f p + list_max (map (fun e => f (snd e)) σ).

  Lemma range_remove_key : forall (f : pat -> nat) x σ,
      list_max (map (fun e => f (snd e)) (remove_key x σ)) <= list_max (map (fun e => f (snd e)) σ).
  Proof.
    intros f x σ. induction σ as [|[y q] σ IH]; simpl; [lia|].
    destruct (negb (String.eqb y x)); simpl; lia.
  Qed.

  Lemma cost_at_subst : forall child bf,
      subst_ok child -> (forall q, child q <= cost_at child bf q) -> subst_ok (cost_at child bf).
  Proof.
    intros child bf Hchild Hle avoid σ ρ p. revert avoid σ ρ.
    induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                    | p g IH | x p IH | F p IH | Q ps IH] using pat_ind'; intros avoid σ ρ; simpl.
    - lia.
    - destruct (assoc x σ) as [q|] eqn:E; simpl; [|lia].
      apply assoc_in in E. apply (list_max_in _ (fun e => cost_at child bf (snd e))) in E. simpl in E. lia.
    - rewrite map_map. eapply Nat.le_trans; [apply list_max_map_le|].
      + intros q _. apply (Hchild avoid σ ρ q).
      + apply Nat.add_le_mono_l. apply list_max_map_mono. auto.
    - rewrite map_map. eapply Nat.le_trans; [apply list_max_map_le|].
      + intros q _. apply (Hchild avoid σ ρ q).
      + apply Nat.add_le_mono_l. apply list_max_map_mono. auto.
    - specialize (IHp avoid σ ρ). specialize (IHq avoid σ ρ). lia.
    - specialize (IHp avoid σ ρ). specialize (IHq avoid σ ρ). lia.
    - apply IH.
    - destruct (mem x avoid); simpl.
      + eapply Nat.le_trans; [apply IH|]. simpl. pose proof (range_remove_key (cost_at child bf) x σ). lia.
      + eapply Nat.le_trans; [apply IH|]. pose proof (range_remove_key (cost_at child bf) x σ). lia.
    - destruct (mem F _); simpl; apply IH.
    - rewrite map_map. rewrite Forall_forall in IH.
      assert (list_max (map (fun q => cost_at child bf (subst_pat avoid σ ρ q)) ps)
              <= list_max (map (cost_at child bf) ps) + list_max (map (fun e => cost_at child bf (snd e)) σ))
        by (apply list_max_map_le; intros q Hq; apply IH; auto).
      lia.
  Qed.

  Variable D : defs.

  Lemma cost_subst : forall h, subst_ok (cost D h).
  Proof.
    induction h as [|h IH]; intros avoid σ ρ p; rewrite !cost_unfold;
      (assert (Hmap : forall f g, (forall q, f q = g q) ->
                  list_max (map (fun e => f (snd e)) σ) = list_max (map (fun e => g (snd e)) σ))
         by (intros; apply list_max_map_ext; auto));
      rewrite (Hmap (cost D _) _ (cost_unfold D _)); apply cost_at_subst.
    - intros avoid' σ' ρ' q. simpl. lia.
    - intros q. simpl. lia.
    - intros avoid' σ' ρ' q. apply IH.
    - intros q. rewrite <- cost_unfold. apply cost_mono.
  Qed.

  Lemma combine_cost : forall (f : pat -> nat) xs ps,
      list_max (map (fun e : name * pat => f (snd e)) (combine xs ps)) <= list_max (map f ps).
  Proof.
    intros f xs ps. apply list_max_le, Forall_forall. intros k Hk.
    apply in_map_iff in Hk as ([x q] & <- & Hin). apply in_combine_r in Hin.
    apply list_max_in. auto.
  Qed.
End SubstCost.

(** ** Under a guarded [D], [bodies] bounds every body *)
Section Bodies.
  Variable D : defs.
  Variable rank : name -> nat.
  Hypothesis rank_bound : forall P d, find_def D P = Some d -> rank P < length D.
  Hypothesis rank_calls : forall P d Q, find_def D P = Some d -> In Q (ucalls (d_body d)) ->
                                        find_def D Q <> None -> rank Q < rank P.

  Lemma cost_at_ext : forall child b1 b2 p,
      (forall Q, In Q (ucalls p) -> b1 Q = b2 Q) -> cost_at child b1 p = cost_at child b2 p.
  Proof.
    intros child b1 b2 p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                                          | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
      simpl; intro H; auto.
    - rewrite IHp, IHq; auto using in_or_app.
    - rewrite IHp, IHq; auto using in_or_app.
    - rewrite Forall_forall in IH. rewrite (H Q (or_introl eq_refl)). f_equal. f_equal.
      apply list_max_map_ext. intros q Hq. apply IH; auto.
      intros Q' HQ'. apply H. right. apply in_flat_map. eauto.
  Qed.

  Lemma bodies_unknown : forall child k Q, find_def D Q = None -> bodies D child k Q = 0.
  Proof. intros child [|k] Q E; simpl; auto. unfold body_cost. rewrite E. auto. Qed.

  Lemma bodies_stable : forall child k P, rank P < k -> bodies D child (S k) P = bodies D child k P.
  Proof.
    intros child k. induction k as [|k IH]; intros P HP; [lia|].
    change (body_cost D child (bodies D child (S k)) P = body_cost D child (bodies D child k) P).
    unfold body_cost. destruct (find_def D P) as [d|] eqn:Ed; auto.
    apply cost_at_ext. intros Q HQ. destruct (find_def D Q) eqn:EQ.
    - apply IH. assert (rank Q < rank P) by (eapply rank_calls; eauto; congruence). lia.
    - rewrite !bodies_unknown; auto.
  Qed.

  Lemma body_bounded : forall child P d, find_def D P = Some d ->
      cost_at child (bodies D child (length D)) (d_body d) <= bodies D child (length D) P.
  Proof.
    intros child P d Ed.
    rewrite <- (bodies_stable child (length D) P).
    - simpl. unfold body_cost. rewrite Ed. auto.
    - eapply rank_bound; eauto.
  Qed.
End Bodies.

(** ** Enough fuel never runs out *)
Lemma flat_map_opt_not_none : forall A B (f : A -> option (list B)) l,
    (forall x, In x l -> f x <> None) -> flat_map_opt f l <> None.
Proof.
  intros A B f l H. induction l as [|x l IH]; simpl; [discriminate|].
  destruct (f x) eqn:E; [|exfalso; eapply H; eauto; left; auto].
  destruct (flat_map_opt f l); [discriminate|]. exfalso. apply IH; auto. intros y Hy. apply H. right. auto.
Qed.

Lemma bind_all_not_none : forall A B (f : A -> option (list B)) o,
    o <> None -> (forall l x, o = Some l -> In x l -> f x <> None) -> bind_all f o <> None.
Proof. intros A B f [l|] Ho H; [|contradiction]. simpl. apply flat_map_opt_not_none. eauto. Qed.

Lemma kids_not_none : forall c sc ps ts s,
    (forall p t s, In p ps -> In t ts -> step c sc p t s <> None) -> kids (step c sc) ps ts s <> None.
Proof.
  intros c sc ps. induction ps as [|p ps IH]; intros [|t ts] s H; simpl; try discriminate.
  apply bind_all_not_none.
  - apply H; left; auto.
  - intros l s1 _ _. apply IH. intros. apply H; right; auto.
Qed.

Section Termination.
  Variable D : defs.
  Variable rank : name -> nat.
  Hypothesis rank_bound : forall P d, find_def D P = Some d -> rank P < length D.
  Hypothesis rank_calls : forall P d Q, find_def D P = Some d -> In Q (ucalls (d_body d)) ->
                                        find_def D Q <> None -> rank Q < rank P.

  Lemma enough_fuel : forall h t, height t <= h ->
    forall n p sc s, cost D h p <= n -> mtch D n sc p t s <> None.
  Proof.
    induction h as [|h IHh]; intros [g attrs ts] Ht; simpl in Ht; [lia|].
    induction n as [n IHn] using lt_wf_ind.
    intro p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                            | p g' IH | x p IH | F p IH | Q ps IH] using pat_ind';
      intros sc s Hc; rewrite mtch_step; rewrite cost_unfold in Hc; simpl in Hc |- *.
    - discriminate.
    - destruct (lookup_t s x); [destruct (term_eqb _ _)|]; discriminate.
    - (* operator: children at height h *)
      destruct (String.eqb f g && Nat.eqb (length ps) (length ts)); [|discriminate].
      apply kids_not_none. intros p t s1 Hp Ht1. rewrite <- mtch_step. apply IHh.
      + pose proof (list_max_in _ height t ts Ht1). lia.
      + eapply Nat.le_trans; [|exact Hc]. apply (list_max_in _ (cost D h)). auto.
    - (* function variable *)
      destruct (Nat.eqb (length ps) (length ts)); [|discriminate].
      assert (K : forall s0, kids (step (call_at D n) sc) ps ts s0 <> None).
      { intros s0. apply kids_not_none. intros p t s1 Hp Ht1. rewrite <- mtch_step. apply IHh.
        + pose proof (list_max_in _ height t ts Ht1). lia.
        + eapply Nat.le_trans; [|exact Hc]. apply (list_max_in _ (cost D h)). auto. }
      destruct (lookup_f s F); [destruct (String.eqb _ _)|]; auto; discriminate.
    - (* alternation *)
      rewrite cost_unfold, mtch_step in IHp, IHq.
      change (child_of D (S h)) with (cost D h) in IHp, IHq.
      assert (A1 : step (call_at D n) sc p (Node g attrs ts) s <> None) by (apply IHp; lia).
      assert (A2 : step (call_at D n) sc q (Node g attrs ts) s <> None) by (apply IHq; lia).
      destruct (step _ sc p _ s); [|contradiction]. destruct (step _ sc q _ s); [discriminate|contradiction].
    - (* conjunction *)
      rewrite cost_unfold, mtch_step in IHp, IHq.
      change (child_of D (S h)) with (cost D h) in IHp, IHq. apply bind_all_not_none.
      + apply IHp. lia.
      + intros l s1 _ _. apply IHq. lia.
    - (* guard *)
      rewrite cost_unfold, mtch_step in IH.
      change (child_of D (S h)) with (cost D h) in IH. specialize (IH sc s Hc).
      destruct (step _ sc p _ s); [discriminate|contradiction].
    - (* exists *)
      rewrite cost_unfold, mtch_step in IH.
      change (child_of D (S h)) with (cost D h) in IH. specialize (IH (x :: sc) (unbind_t s x) Hc).
      destruct (step _ _ p _ _); [discriminate|contradiction].
    - (* exists function variable *)
      rewrite cost_unfold, mtch_step in IH.
      change (child_of D (S h)) with (cost D h) in IH. specialize (IH (F :: sc) (unbind_f s F) Hc).
      destruct (step _ _ p _ _); [discriminate|contradiction].
    - (* call: the instantiated body fits in one less fuel *)
      destruct n as [|n]; [lia|]. simpl.
      destruct (find_def D Q) as [d|] eqn:Ed; [|discriminate].
      apply IHn; [lia|]. unfold instantiate.
      eapply Nat.le_trans; [apply cost_subst|].
      pose proof (combine_cost (cost D (S h)) (d_params d) ps) as Hargs.
      pose proof (body_bounded D rank rank_bound rank_calls (child_of D (S h)) Q d Ed) as Hbody.
      rewrite <- cost_unfold in Hbody.
      change (child_of D (S h)) with (cost D h) in Hbody.
      change (map (cost D (S h)) ps)
        with (map (cost_at (cost D h) (bodies D (cost D h) (length D))) ps) in Hargs.
      lia.
  Qed.
End Termination.

Theorem termination : forall D, guarded D ->
  forall p t sc s n, fuel_bound D p t <= n -> mtch D n sc p t s <> None.
Proof.
  intros D (rank & Hb & Hc) p t s n Hn. eapply enough_fuel; eauto.
Qed.
