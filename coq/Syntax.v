(** * Syntax of CorePyPM (CORE-SPEC sections 1 to 4)

    Values, terms, guards, patterns, definitions and substitutions, with
    boolean equalities on them and their correctness lemmas.  Lists nested in
    the inductive types get hand-written induction principles ([value_ind'],
    [term_ind'], [pat_ind']). *)

From Coq Require Import String List ZArith Bool.
Import ListNotations.

(** Variables, operator names and definition names are strings. *)
Definition name := string.

(** ** Values (section 1, plus the booleans of guards, section 4)

    Terms never hold [VBool]: the wire reader cannot produce one. *)
Inductive value : Type :=
| VInt (z : Z)
| VStr (s : string)
| VList (vs : list value)
| VBool (b : bool).

(** A term [op{attrs}(kids)]; [attrs] is kept sorted by key by the reader. *)
Inductive term : Type :=
| Node (op : name) (attrs : list (name * value)) (kids : list term).

(** ** Guards (section 4) *)
Inductive arith : Type := AAdd | ASub | AMul | ADiv | AMod.
Inductive cmp : Type := CLt | CLe | CGt | CGe.

Inductive guard : Type :=
| GTrue
| GFalse
| GInt (z : Z)
| GStr (s : string)
| GList (gs : list guard)
| GOpOf (x : name)
| GAttr (x : name) (a : string)
| GArity (x : name)
| GFName (F : name)
| GLen (g : guard)
| GIndex (g i : guard)
| GArith (o : arith) (g1 g2 : guard)
| GEq (g1 g2 : guard)
| GNe (g1 g2 : guard)
| GCmp (c : cmp) (g1 g2 : guard)
| GAndAlso (g1 g2 : guard)
| GOrElse (g1 g2 : guard)
| GNot (g : guard).

(** ** Patterns and definitions (section 2) *)
Inductive pat : Type :=
| PWild
| PVar (x : name)
| POp (f : name) (ps : list pat)
| PFVar (F : name) (ps : list pat)
| PAlt (p q : pat)
| PAnd (p q : pat)
| PGuard (p : pat) (g : guard)
| PExists (x : name) (p : pat)
| PExistsF (F : name) (p : pat)
| PCall (P : name) (ps : list pat).

Record def : Type := mkdef { d_name : name; d_params : list name; d_body : pat }.
Definition defs := list def.

Fixpoint find_def (D : defs) (P : name) : option def :=
  match D with
  | [] => None
  | d :: D' => if String.eqb (d_name d) P then Some d else find_def D' P
  end.

Lemma find_def_in : forall D P d, find_def D P = Some d -> In d D /\ d_name d = P.
Proof.
  induction D as [|d0 D IH]; simpl; intros P d E; [discriminate|].
  destruct (String.eqb (d_name d0) P) eqn:En.
  - injection E as <-. apply String.eqb_eq in En. auto.
  - destruct (IH P d E). auto.
Qed.

(** ** Association lists keyed by names *)
Fixpoint assoc {A : Type} (k : name) (l : list (name * A)) : option A :=
  match l with
  | [] => None
  | (k', v) :: l' => if String.eqb k' k then Some v else assoc k l'
  end.

Definition remove_key {A : Type} (k : name) (l : list (name * A)) : list (name * A) :=
  filter (fun kv => negb (String.eqb (fst kv) k)) l.

Lemma assoc_remove_key_same : forall A k (l : list (name * A)), assoc k (remove_key k l) = None.
Proof.
  induction l as [|[k' v] l IH]; simpl; auto.
  destruct (String.eqb k' k) eqn:E; simpl; auto. rewrite E. auto.
Qed.

Lemma assoc_in : forall A x (l : list (name * A)) v, assoc x l = Some v -> In (x, v) l.
Proof.
  intros A x l v. induction l as [|[y w] l IH]; simpl; [discriminate|].
  destruct (String.eqb y x) eqn:E; auto. intro H. injection H as <-. apply String.eqb_eq in E. subst. auto.
Qed.

Lemma assoc_remove_key_other : forall A k x (l : list (name * A)),
    x <> k -> assoc x (remove_key k l) = assoc x l.
Proof.
  intros A k x l Hne. induction l as [|[y w] l IH]; simpl; auto.
  destruct (String.eqb y k) eqn:Ek; simpl.
  - apply String.eqb_eq in Ek. subst. destruct (String.eqb k x) eqn:Ex; auto.
    apply String.eqb_eq in Ex. congruence.
  - destruct (String.eqb y x); auto.
Qed.

(** ** Substitutions (section 3)

    Term variables map to terms, function variables to op names.  Each
    variable has at most one entry: [bind_t] is only used on an unbound
    variable, [unbind_t] removes it, [restore_t] puts back its old state. *)
Record subst : Type := mksubst { tvars : list (name * term); fvars : list (name * name) }.

Definition empty_subst : subst := mksubst [] [].
Definition lookup_t (s : subst) (x : name) : option term := assoc x (tvars s).
Definition lookup_f (s : subst) (F : name) : option name := assoc F (fvars s).
Definition bind_t (s : subst) (x : name) (t : term) : subst := mksubst ((x, t) :: tvars s) (fvars s).
Definition bind_f (s : subst) (F : name) (g : name) : subst := mksubst (tvars s) ((F, g) :: fvars s).
Definition unbind_t (s : subst) (x : name) : subst := mksubst (remove_key x (tvars s)) (fvars s).
Definition unbind_f (s : subst) (F : name) : subst := mksubst (tvars s) (remove_key F (fvars s)).

(** [restore_t s x s']: [s'] with [x] put back as it was in [s]. *)
Definition restore_t (s : subst) (x : name) (s' : subst) : subst :=
  match lookup_t s x with
  | Some t => bind_t (unbind_t s' x) x t
  | None => unbind_t s' x
  end.

Definition restore_f (s : subst) (F : name) (s' : subst) : subst :=
  match lookup_f s F with
  | Some g => bind_f (unbind_f s' F) F g
  | None => unbind_f s' F
  end.

(** ** Induction principles through nested lists *)
Section ValueInd.
  Variable P : value -> Prop.
  Hypothesis HInt : forall z, P (VInt z).
  Hypothesis HStr : forall s, P (VStr s).
  Hypothesis HList : forall vs, Forall P vs -> P (VList vs).
  Hypothesis HBool : forall b, P (VBool b).

  Fixpoint value_ind' (v : value) : P v :=
    match v with
    | VInt z => HInt z
    | VStr s => HStr s
    | VList vs => HList vs ((fix go (l : list value) : Forall P l :=
                              match l with
                              | [] => Forall_nil _
                              | w :: l' => Forall_cons _ (value_ind' w) (go l')
                              end) vs)
    | VBool b => HBool b
    end.
End ValueInd.

Section TermInd.
  Variable P : term -> Prop.
  Hypothesis HNode : forall op attrs kids, Forall P kids -> P (Node op attrs kids).

  Fixpoint term_ind' (t : term) : P t :=
    match t with
    | Node op attrs kids => HNode op attrs kids
        ((fix go (l : list term) : Forall P l :=
            match l with
            | [] => Forall_nil _
            | u :: l' => Forall_cons _ (term_ind' u) (go l')
            end) kids)
    end.
End TermInd.

Section PatInd.
  Variable P : pat -> Prop.
  Hypothesis HWild : P PWild.
  Hypothesis HVar : forall x, P (PVar x).
  Hypothesis HOp : forall f ps, Forall P ps -> P (POp f ps).
  Hypothesis HFVar : forall F ps, Forall P ps -> P (PFVar F ps).
  Hypothesis HAlt : forall p q, P p -> P q -> P (PAlt p q).
  Hypothesis HAnd : forall p q, P p -> P q -> P (PAnd p q).
  Hypothesis HGuard : forall p g, P p -> P (PGuard p g).
  Hypothesis HExists : forall x p, P p -> P (PExists x p).
  Hypothesis HExistsF : forall F p, P p -> P (PExistsF F p).
  Hypothesis HCall : forall Q ps, Forall P ps -> P (PCall Q ps).

  Fixpoint pat_ind' (p : pat) : P p :=
    let fix go (l : list pat) : Forall P l :=
        match l with
        | [] => Forall_nil _
        | q :: l' => Forall_cons _ (pat_ind' q) (go l')
        end in
    match p with
    | PWild => HWild
    | PVar x => HVar x
    | POp f ps => HOp f ps (go ps)
    | PFVar F ps => HFVar F ps (go ps)
    | PAlt p q => HAlt p q (pat_ind' p) (pat_ind' q)
    | PAnd p q => HAnd p q (pat_ind' p) (pat_ind' q)
    | PGuard p g => HGuard p g (pat_ind' p)
    | PExists x p => HExists x p (pat_ind' p)
    | PExistsF F p => HExistsF F p (pat_ind' p)
    | PCall Q ps => HCall Q ps (go ps)
    end.
End PatInd.

(** ** Boolean equalities *)
Section ListEqb.
  Context {A : Type} (eqb : A -> A -> bool).
  Fixpoint list_eqb (l1 l2 : list A) : bool :=
    match l1, l2 with
    | [], [] => true
    | a :: l1', b :: l2' => eqb a b && list_eqb l1' l2'
    | _, _ => false
    end.
End ListEqb.

Lemma list_eqb_spec : forall A (eqb : A -> A -> bool) l1,
    Forall (fun a => forall b, eqb a b = true <-> a = b) l1 ->
    forall l2, list_eqb eqb l1 l2 = true <-> l1 = l2.
Proof.
  intros A eqb l1 H. induction H as [|a l1 Ha Hl IH]; intros [|b l2]; simpl;
    split; intro E; try discriminate; auto.
  - apply andb_true_iff in E as [E1 E2]. apply Ha in E1. apply IH in E2. subst. auto.
  - injection E as E1 E2. subst. apply andb_true_iff. split.
    + apply Ha. auto.
    + apply IH. auto.
Qed.

Lemma list_eqb_spec_all : forall A (eqb : A -> A -> bool),
    (forall a b, eqb a b = true <-> a = b) ->
    forall l1 l2, list_eqb eqb l1 l2 = true <-> l1 = l2.
Proof.
  intros A eqb H l1. apply list_eqb_spec. apply Forall_forall. auto.
Qed.

Fixpoint value_eqb (v w : value) {struct v} : bool :=
  match v, w with
  | VInt a, VInt b => Z.eqb a b
  | VStr a, VStr b => String.eqb a b
  | VList a, VList b => list_eqb value_eqb a b
  | VBool a, VBool b => Bool.eqb a b
  | _, _ => false
  end.

Lemma value_eqb_spec : forall v w, value_eqb v w = true <-> v = w.
Proof.
  induction v as [z|s|vs IH|b] using value_ind'; intros [z'|s'|vs'|b']; simpl;
    split; intro E; try discriminate.
  - apply Z.eqb_eq in E. subst. auto.
  - injection E as E. subst. apply Z.eqb_refl.
  - apply String.eqb_eq in E. subst. auto.
  - injection E as E. subst. apply String.eqb_refl.
  - apply (list_eqb_spec _ _ _ IH) in E. subst. auto.
  - injection E as E. subst. apply (list_eqb_spec _ _ _ IH). auto.
  - apply Bool.eqb_prop in E. subst. auto.
  - injection E as E. subst. apply Bool.eqb_reflx.
Qed.

Definition attr_eqb (a b : name * value) : bool :=
  String.eqb (fst a) (fst b) && value_eqb (snd a) (snd b).

Lemma attr_eqb_spec : forall a b, attr_eqb a b = true <-> a = b.
Proof.
  intros [k v] [k' v']. unfold attr_eqb. simpl. rewrite andb_true_iff, String.eqb_eq, value_eqb_spec.
  split; [intros [-> ->]; auto | intro E; injection E; auto].
Qed.

Fixpoint term_eqb (t u : term) {struct t} : bool :=
  match t, u with
  | Node o a k, Node o' a' k' =>
      String.eqb o o' && list_eqb attr_eqb a a' && list_eqb term_eqb k k'
  end.

Lemma term_eqb_spec : forall t u, term_eqb t u = true <-> t = u.
Proof.
  induction t as [o a k IH] using term_ind'; intros [o' a' k']; simpl.
  rewrite !andb_true_iff, String.eqb_eq, (list_eqb_spec_all _ _ attr_eqb_spec),
    (list_eqb_spec _ _ _ IH).
  split; [intros [[-> ->] ->]; auto | intro E; injection E; auto].
Qed.
