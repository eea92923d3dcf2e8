(** * Lemmas on result lists: [flat_map_opt], [bind_all] and [kids] *)

From Coq Require Import List.
From CorePyPM Require Import Syntax Algorithmic.
Import ListNotations.

Lemma flat_map_opt_in : forall A B (f : A -> option (list B)) l r y,
    flat_map_opt f l = Some r -> In y r ->
    exists x r1, In x l /\ f x = Some r1 /\ In y r1.
Proof.
  intros A B f l. induction l as [|x l IH]; simpl; intros r y E Hy.
  - injection E as <-. destruct Hy.
  - destruct (f x) as [r1|] eqn:Ex; [|discriminate].
    destruct (flat_map_opt f l) as [r2|] eqn:El; [|discriminate].
    injection E as <-. apply in_app_or in Hy as [Hy|Hy].
    + exists x, r1. auto.
    + destruct (IH r2 y eq_refl Hy) as (x' & r1' & ? & ? & ?). exists x', r1'. auto.
Qed.

Lemma flat_map_opt_complete : forall A B (f : A -> option (list B)) l r x r1 y,
    flat_map_opt f l = Some r -> In x l -> f x = Some r1 -> In y r1 -> In y r.
Proof.
  intros A B f l. induction l as [|x0 l IH]; simpl; intros r x r1 y E Hx Ef Hy; [destruct Hx|].
  destruct (f x0) as [r0|] eqn:E0; [|discriminate].
  destruct (flat_map_opt f l) as [r2|] eqn:El; [|discriminate].
  injection E as <-. apply in_or_app. destruct Hx as [<-|Hx].
  - rewrite Ef in E0. injection E0 as <-. auto.
  - right. eauto.
Qed.

Lemma flat_map_opt_ext : forall A B (f g : A -> option (list B)) l r,
    (forall x r1, In x l -> f x = Some r1 -> g x = Some r1) ->
    flat_map_opt f l = Some r -> flat_map_opt g l = Some r.
Proof.
  intros A B f g l. induction l as [|x l IH]; simpl; intros r H E; auto.
  destruct (f x) as [r1|] eqn:Ex; [|discriminate].
  destruct (flat_map_opt f l) as [r2|] eqn:El; [|discriminate].
  rewrite (H x r1 (or_introl eq_refl) Ex).
  rewrite (IH r2 (fun x' r' Hx' => H x' r' (or_intror Hx')) eq_refl). auto.
Qed.

Lemma bind_all_in : forall A B (f : A -> option (list B)) o r y,
    bind_all f o = Some r -> In y r ->
    exists l x r1, o = Some l /\ In x l /\ f x = Some r1 /\ In y r1.
Proof.
  intros A B f [l|] r y E Hy; simpl in E; [|discriminate].
  destruct (flat_map_opt_in _ _ _ _ _ _ E Hy) as (x & r1 & ? & ? & ?). exists l, x, r1. auto.
Qed.

Lemma bind_all_complete : forall A B (f : A -> option (list B)) o r l x r1 y,
    bind_all f o = Some r -> o = Some l -> In x l -> f x = Some r1 -> In y r1 -> In y r.
Proof. intros A B f o r l x r1 y E -> . simpl in E. eapply flat_map_opt_complete; eauto. Qed.

Lemma bind_all_some : forall A B (f : A -> option (list B)) o r,
    bind_all f o = Some r -> exists l, o = Some l.
Proof. intros A B f [l|] r E; [eauto|discriminate]. Qed.

Lemma bind_all_ext : forall A B (f g : A -> option (list B)) o o' r,
    (forall l, o = Some l -> o' = Some l) ->
    (forall l x r1, o = Some l -> In x l -> f x = Some r1 -> g x = Some r1) ->
    bind_all f o = Some r -> bind_all g o' = Some r.
Proof.
  intros A B f g [l|] o' r Ho H E; simpl in E; [|discriminate].
  rewrite (Ho l eq_refl). simpl. eapply flat_map_opt_ext; [|exact E]. eauto.
Qed.

Lemma flat_map_opt_each : forall A B (f : A -> option (list B)) l r x,
    flat_map_opt f l = Some r -> In x l -> exists r1, f x = Some r1.
Proof.
  intros A B f l. induction l as [|x0 l IH]; simpl; intros r x E Hx; [destruct Hx|].
  destruct (f x0) as [r0|] eqn:E0; [|discriminate].
  destruct (flat_map_opt f l) as [r2|] eqn:El; [|discriminate].
  destruct Hx as [<-|Hx]; eauto.
Qed.

Lemma bind_all_each : forall A B (f : A -> option (list B)) o r l x,
    bind_all f o = Some r -> o = Some l -> In x l -> exists r1, f x = Some r1.
Proof. intros A B f o r l x E ->. simpl in E. eapply flat_map_opt_each; eauto. Qed.
