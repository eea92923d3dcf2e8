(** * What [wf_check] guarantees about scope (CORE-SPEC sections 2 and 7.5)

    When [wf_check D q] passes, every body's free term variables are among
    its parameters and it has no free function variable; with
    [SubstProps.instantiate_scoped], every instantiated body a run meets is
    then in the caller's scope. *)

From Coq Require Import String List Bool.
From CorePyPM Require Import Syntax Subst SubstProps WellFormed.
Import ListNotations.

Lemma first_error_none : forall A (f : A -> option string) l,
    first_error f l = None -> forall a, In a l -> f a = None.
Proof.
  intros A f l. induction l as [|b l IH]; simpl; intros H a Ha; [destruct Ha|].
  destruct (f b) eqn:E; [discriminate|]. destruct Ha as [<-|Ha]; auto.
Qed.

Lemma or_else_none : forall a b, or_else a b = None -> a = None /\ b = None.
Proof. intros [a|] b H; simpl in H; [discriminate|auto]. Qed.

Lemma scope_guard_fnames : forall bt bf g, scope_guard bt bf g = None -> incl (guard_fnames g) bf.
Proof.
  intros bt bf g H F HF. unfold scope_guard in H. apply or_else_none in H as [_ H].
  specialize (first_error_none _ _ _ H F HF). simpl. destruct (mem F bf) eqn:E; [|discriminate].
  intros _. apply mem_iff. auto.
Qed.

Lemma check_scope_sound : forall p bt bf,
    check_scope bt bf p = None -> incl (pvars p) bt /\ incl (ffree p) bf.
Proof.
  intro p. induction p as [| x | f ps IH | F ps IH | p q IHp IHq | p q IHp IHq
                          | p g IH | x p IH | F p IH | Q ps IH] using pat_ind';
    simpl; intros bt bf H; try rewrite Forall_forall in IH.
  - split; intros y [].
  - destruct (mem x bt) eqn:E; [|discriminate]. apply mem_iff in E.
    split; intros y Hy; [destruct Hy as [<-|[]]; auto | destruct Hy].
  - split; intros y Hy; apply in_flat_map in Hy as (q & Hq & Hy);
      destruct (IH q Hq bt bf (first_error_none _ _ _ H q Hq)) as [A B]; auto.
  - destruct (mem F bf) eqn:E; [|discriminate]. apply mem_iff in E.
    split; intros y Hy.
    + apply in_flat_map in Hy as (q & Hq & Hy).
      destruct (IH q Hq bt bf (first_error_none _ _ _ H q Hq)) as [A B]; auto.
    + destruct Hy as [<-|Hy]; auto. apply in_flat_map in Hy as (q & Hq & Hy).
      destruct (IH q Hq bt bf (first_error_none _ _ _ H q Hq)) as [A B]; auto.
  - apply or_else_none in H as [H1 H2]. destruct (IHp _ _ H1), (IHq _ _ H2).
    split; intros y Hy; apply in_app_or in Hy as [Hy|Hy]; auto.
  - apply or_else_none in H as [H1 H2]. destruct (IHp _ _ H1), (IHq _ _ H2).
    split; intros y Hy; apply in_app_or in Hy as [Hy|Hy]; auto.
  - apply or_else_none in H as [H1 H2]. destruct (IH _ _ H1) as [A B]. split; auto.
    intros y Hy. apply in_app_or in Hy as [Hy|Hy]; auto. eapply scope_guard_fnames; eauto.
  - destruct (IH _ _ H) as [A B]. split; auto.
    intros y Hy. apply in_drop in Hy as [Hy Hne]. destruct (A y Hy) as [<-|Hy']; [congruence|auto].
  - destruct (IH _ _ H) as [A B]. split; auto.
    intros y Hy. apply in_drop in Hy as [Hy Hne]. destruct (B y Hy) as [<-|Hy']; [congruence|auto].
  - split; intros y Hy; apply in_flat_map in Hy as (q & Hq & Hy);
      destruct (IH q Hq bt bf (first_error_none _ _ _ H q Hq)) as [A B]; auto.
Qed.

Theorem wf_check_scoped : forall D q, wf_check D q = None ->
  forall d, In d D -> incl (pvars (d_body d)) (d_params d) /\ ffree (d_body d) = [].
Proof.
  intros D q H d Hd. unfold wf_check in H.
  destruct (first_dup (map d_name D)); [discriminate|].
  apply or_else_none in H as [H _].
  specialize (first_error_none _ _ _ H d Hd). unfold check_def.
  destruct (first_dup (d_params d)); [discriminate|].
  destruct (or_else _ _) eqn:E; [discriminate|]. intros _.
  apply or_else_none in E as [E _]. apply check_scope_sound in E as [A B].
  split; auto. destruct (ffree (d_body d)) as [|G l]; auto. destruct (B G (or_introl eq_refl)).
Qed.
