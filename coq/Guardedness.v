(** * Section 7.4's condition, as written, implies [guarded]

    A call to [Q] in the body of [P] is recursive when [P] can be reached
    from [Q] through calls ([reaches], [Q = P] included).  Section 7.4 asks
    every recursive call to sit under an operator or function-variable
    pattern: [recursive_calls_guarded].  Then the unguarded calls between
    definitions form no cycle, and the length of the longest chain of them
    ([rank_iter], computed in [length D] rounds) is a ranking that
    [Termination.guarded] asks for ([recursive_calls_guarded_is_guarded]). *)

From Coq Require Import String List Arith Lia.
From CorePyPM Require Import Syntax Termination.
Import ListNotations.

(** Every call of a pattern, guarded or not. *)
Fixpoint calls (p : pat) : list name :=
  match p with
  | PWild | PVar _ => []
  | POp _ ps | PFVar _ ps => flat_map calls ps
  | PAlt p q | PAnd p q => calls p ++ calls q
  | PGuard p _ | PExists _ p | PExistsF _ p => calls p
  | PCall P ps => P :: flat_map calls ps
  end.

Lemma ucalls_calls : forall p Q, In Q (ucalls p) -> In Q (calls p).
Proof.
  intro p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                          | p g IH | x p IH | F p IH | R ps IH] using pat_ind';
    simpl; intros Q H; try rewrite Forall_forall in IH; try contradiction.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - apply in_app_or in H as [H|H]; apply in_or_app; auto.
  - auto.
  - auto.
  - auto.
  - destruct H as [<-|H]; auto. right. apply in_flat_map in H as (q & Hq & H). apply in_flat_map. eauto.
Qed.

Section Guardedness.
  Variable D : defs.

  Inductive reaches : name -> name -> Prop :=
  | reaches_refl : forall P, reaches P P
  | reaches_call : forall P d Q R,
      find_def D P = Some d -> In Q (calls (d_body d)) -> reaches Q R -> reaches P R.

  Definition recursive_calls_guarded : Prop :=
    forall P d Q, find_def D P = Some d -> In Q (ucalls (d_body d)) -> ~ reaches Q P.

  Hypothesis Hguarded : recursive_calls_guarded.

  Definition known (P : name) : Prop := find_def D P <> None.

  Definition uedge (P Q : name) : Prop :=
    exists d, find_def D P = Some d /\ In Q (ucalls (d_body d)) /\ known Q.

  Fixpoint chain (ns : list name) : Prop :=
    match ns with
    | P :: ((Q :: _) as rest) => uedge P Q /\ chain rest
    | _ => True
    end.

  (** ** Chains of unguarded calls have no repeated definition *)
  Lemma chain_tail : forall P ns, chain (P :: ns) -> chain ns.
  Proof. intros P [|Q ns] H; simpl in *; tauto. Qed.

  Lemma chain_app_l : forall l1 l2, chain (l1 ++ l2) -> chain l1.
  Proof.
    induction l1 as [|a l1 IH]; intros l2 H; simpl in *; auto.
    destruct l1 as [|b l1]; simpl in *; auto. destruct H as [He Hc]. split; auto. apply (IH l2). auto.
  Qed.

  Lemma chain_app_r : forall l1 l2, chain (l1 ++ l2) -> chain l2.
  Proof. induction l1 as [|a l1 IH]; intros l2 H; simpl in *; eauto using chain_tail. Qed.

  Lemma chain_reaches : forall ns P R, chain (P :: ns ++ [R]) -> reaches P R.
  Proof.
    induction ns as [|Q ns IH]; intros P R H; simpl in H; destruct H as [(d & Ed & HQ & _) Hc].
    - eapply reaches_call; eauto using ucalls_calls. constructor.
    - eapply reaches_call; eauto using ucalls_calls.
  Qed.

  Lemma no_cycle : forall a l2 l3, ~ chain (a :: l2 ++ a :: l3).
  Proof.
    intros a l2 l3 H.
    assert (Hc : chain (a :: l2 ++ [a])).
    { apply (chain_app_l _ l3). simpl. rewrite <- app_assoc. simpl. exact H. }
    destruct l2 as [|b l2]; simpl in Hc; destruct Hc as [(d & Ed & Hb & _) Hc].
    - eapply Hguarded; eauto. constructor.
    - eapply Hguarded; eauto. eapply chain_reaches. exact Hc.
  Qed.

  Lemma dup_or_nodup : forall ns : list name,
      NoDup ns \/ exists a l1 l2 l3, ns = l1 ++ a :: l2 ++ a :: l3.
  Proof.
    induction ns as [|x ns IH]; [left; constructor|].
    destruct (in_dec string_dec x ns) as [Hin|Hin].
    - right. apply in_split in Hin as (l2 & l3 & ->). exists x, [], l2, l3. auto.
    - destruct IH as [IH|(a & l1 & l2 & l3 & ->)].
      + left. constructor; auto.
      + right. exists a, (x :: l1), l2, l3. auto.
  Qed.

  Lemma known_in_names : forall P, known P -> In P (map d_name D).
  Proof.
    intros P H. destruct (find_def D P) as [d|] eqn:E; [|congruence].
    apply find_def_in in E as [Hin <-]. apply in_map. auto.
  Qed.

  (** A chain through known definitions is at most [length D] long. *)
  Lemma chain_short : forall ns, chain ns -> Forall known ns -> length ns <= length D.
  Proof.
    intros ns Hc Hk. destruct (dup_or_nodup ns) as [Hnd|(a & l1 & l2 & l3 & ->)].
    - rewrite <- (map_length d_name D). apply NoDup_incl_length; auto.
      intros P HP. apply known_in_names. rewrite Forall_forall in Hk. auto.
    - exfalso. apply chain_app_r in Hc. eapply no_cycle; eauto.
  Qed.

  (** ** The ranking: longest chain of unguarded calls, computed in rounds *)
  Definition step_rank (r : name -> nat) (Q : name) : nat :=
    match find_def D Q with Some _ => S (r Q) | None => 0 end.

  Fixpoint rank_iter (k : nat) (P : name) : nat :=
    match k with
    | 0 => 0
    | S k' =>
        match find_def D P with
        | Some d => list_max (map (step_rank (rank_iter k')) (ucalls (d_body d)))
        | None => 0
        end
    end.

  Lemma list_max_exists : forall A (f : A -> nat) l m,
      m < list_max (map f l) -> exists x, In x l /\ m < f x.
  Proof.
    intros A f l m. induction l as [|x l IH]; simpl; intro H; [lia|].
    destruct (Nat.le_gt_cases (f x) (list_max (map f l))).
    - destruct IH as (y & Hy & Hm); [lia|]. eauto.
    - exists x. split; auto. lia.
  Qed.

  Lemma chain_of_rank : forall k P m, S m <= rank_iter k P ->
      exists ns, length ns = S m /\ chain (P :: ns) /\ Forall known (P :: ns).
  Proof.
    induction k as [|k IH]; intros P m H; simpl in H; [lia|].
    destruct (find_def D P) as [d|] eqn:Ed; [|lia].
    destruct (list_max_exists _ _ _ m H) as (Q & HQ & Hm).
    unfold step_rank in Hm. destruct (find_def D Q) as [dq|] eqn:EQ; [|lia].
    assert (He : uedge P Q) by (exists d; repeat split; auto; congruence).
    destruct m as [|m].
    - exists [Q]. split; [auto|]. split; [simpl; auto|].
      repeat constructor; unfold known; congruence.
    - destruct (IH Q m) as (ns & Hl & Hc & Hk); [lia|].
      exists (Q :: ns). split; [simpl; lia|]. split; [simpl; split; auto|].
      constructor; [unfold known; congruence | exact Hk].
  Qed.

  Lemma rank_bounded : forall k P, rank_iter k P = 0 \/ rank_iter k P < length D.
  Proof.
    intros k P. destruct (rank_iter k P) as [|m] eqn:E; [auto|right].
    destruct (chain_of_rank k P m) as (ns & Hl & Hc & Hk); [lia|].
    pose proof (chain_short _ Hc Hk). simpl in *. lia.
  Qed.

  (** A rank that still grows at round [k + 1] is at least [k + 1]. *)
  Lemma rank_jump : forall k P, rank_iter k P < rank_iter (S k) P -> S k <= rank_iter (S k) P.
  Proof.
    induction k as [|k IH]; intros P H; [lia|].
    destruct (find_def D P) as [d|] eqn:Ed; [|simpl in H; rewrite Ed in H; lia].
    assert (E1 : rank_iter (S k) P = list_max (map (step_rank (rank_iter k)) (ucalls (d_body d))))
      by (simpl; rewrite Ed; reflexivity).
    assert (E2 : rank_iter (S (S k)) P = list_max (map (step_rank (rank_iter (S k))) (ucalls (d_body d))))
      by (simpl; rewrite Ed; reflexivity).
    rewrite E2 in H |- *.
    destruct (list_max_exists _ _ _ _ H) as (Q & HQ & Hm).
    pose proof (list_max_in _ (step_rank (rank_iter k)) Q _ HQ) as Hle.
    rewrite <- E1 in Hle.
    pose proof (list_max_in _ (step_rank (rank_iter (S k))) Q _ HQ) as Hge.
    destruct (find_def D Q) eqn:EQ;
      [|unfold step_rank in Hm; rewrite EQ in Hm; lia].
    assert (S1 : step_rank (rank_iter k) Q = S (rank_iter k Q)) by (unfold step_rank; rewrite EQ; auto).
    assert (S2 : step_rank (rank_iter (S k)) Q = S (rank_iter (S k) Q)) by (unfold step_rank; rewrite EQ; auto).
    rewrite S1 in Hle. rewrite S2 in Hm, Hge.
    assert (HQk : S k <= rank_iter (S k) Q) by (apply IH; lia).
    lia.
  Qed.

  Lemma rank_stable : forall P, rank_iter (S (length D)) P <= rank_iter (length D) P.
  Proof.
    intros P. destruct (Nat.le_gt_cases (rank_iter (S (length D)) P) (rank_iter (length D) P)); auto.
    apply rank_jump in H as Hj. destruct (rank_bounded (S (length D)) P); lia.
  Qed.

  Theorem recursive_calls_guarded_is_guarded : guarded D.
  Proof.
    exists (rank_iter (length D)). split.
    - intros P d Ed. destruct (rank_bounded (length D) P) as [->|]; auto.
      apply find_def_in in Ed as [Hin _]. destruct D; [destruct Hin|simpl; lia].
    - intros P d Q Ed HQ HkQ. pose proof (rank_stable P) as Hs. simpl in Hs. rewrite Ed in Hs.
      pose proof (list_max_in _ (step_rank (rank_iter (length D))) Q _ HQ) as Hm.
      destruct (find_def D Q) eqn:EQ; [|congruence].
      assert (S1 : step_rank (rank_iter (length D)) Q = S (rank_iter (length D) Q))
        by (unfold step_rank; rewrite EQ; auto).
      rewrite S1 in Hm. lia.
  Qed.
End Guardedness.
