(** * The children clause exactly as section 5 writes it

    Section 5 threads the children breadth first:
    [S_0 = [s]], [S_i = concat [M(p_i, t_i, s') | s' <- S_(i-1)]].
    [kids] (Algorithmic.v) threads them one substitution at a time.  They are
    the same function, [Exhausted] included ([kids_as_in_spec]), by
    associativity of [bind_all]. *)

From Coq Require Import List.
From CorePyPM Require Import Syntax Algorithmic.
Import ListNotations.

Section Children.
  Variable m : pat -> term -> subst -> results.

  (** [kids_spec ps ts S_(i-1)] continues from the results of the children
      already matched. *)
  Fixpoint kids_spec (ps : list pat) (ts : list term) (S : results) : results :=
    match ps, ts with
    | [], [] => S
    | p :: ps', t :: ts' => kids_spec ps' ts' (bind_all (fun s' => m p t s') S)
    | _, _ => Some []
    end.
End Children.

Lemma flat_map_opt_app : forall A B (f : A -> option (list B)) l1 l2,
    flat_map_opt f (l1 ++ l2) =
    match flat_map_opt f l1, flat_map_opt f l2 with
    | Some r1, Some r2 => Some (r1 ++ r2)
    | _, _ => None
    end.
Proof.
  intros A B f l1 l2. induction l1 as [|x l1 IH]; simpl.
  - destruct (flat_map_opt f l2); auto.
  - destruct (f x) as [r|]; auto. rewrite IH.
    destruct (flat_map_opt f l1); destruct (flat_map_opt f l2); auto. rewrite app_assoc. auto.
Qed.

Lemma bind_all_assoc : forall A B C (f : A -> option (list B)) (g : B -> option (list C)) o,
    bind_all g (bind_all f o) = bind_all (fun a => bind_all g (f a)) o.
Proof.
  intros A B C f g [l|]; simpl; auto. induction l as [|x l IH]; simpl; auto.
  destruct (f x) as [r|]; simpl; auto.
  destruct (flat_map_opt f l) as [r'|]; simpl in *.
  - rewrite flat_map_opt_app, IH. auto.
  - rewrite <- IH. destruct (flat_map_opt g r); auto.
Qed.

Lemma bind_all_unit : forall A (o : option (list A)), bind_all (fun s => Some [s]) o = o.
Proof.
  intros A [l|]; simpl; auto. induction l as [|x l IH]; simpl; auto. rewrite IH. auto.
Qed.

Lemma kids_bind : forall m ps ts S, length ps = length ts ->
    bind_all (kids m ps ts) S = kids_spec m ps ts S.
Proof.
  intros m ps. induction ps as [|p ps IH]; intros [|t ts] S Hl; simpl in Hl; try discriminate; simpl.
  - apply bind_all_unit.
  - rewrite <- IH by auto. rewrite bind_all_assoc. auto.
Qed.

Theorem kids_as_in_spec : forall m ps ts s, length ps = length ts ->
    kids m ps ts s = kids_spec m ps ts (Some [s]).
Proof.
  intros m ps ts s Hl. rewrite <- kids_bind by auto. simpl.
  destruct (kids m ps ts s) as [r|]; auto. rewrite app_nil_r. auto.
Qed.
