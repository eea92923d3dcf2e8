(* The wire format of CORE-SPEC section 8: requests to the extracted AST,
   answers back to text. *)

open Corepypm
open Sexp

let is_ident s =
  let n = String.length s in
  let first c = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c = '_' in
  let rest c = first c || (c >= '0' && c <= '9') || c = '.' || c = '\'' in
  n > 0 && first s.[0] && (let ok = ref true in String.iteri (fun i c -> if i > 0 && not (rest c) then ok := false) s; !ok)

let is_int s =
  let n = String.length s in
  let start = if n > 0 && s.[0] = '-' then 1 else 0 in
  n > start && (let ok = ref true in
                for i = start to n - 1 do if s.[i] < '0' || s.[i] > '9' then ok := false done; !ok)

(* ---- integers: the wire's 64-bit literals to Coq's binary Z and back ---- *)

let rec positive_of_int64 n =
  (* [n] read as unsigned, non-zero: this covers 2^63, the magnitude of min_int *)
  if n = 1L then XH
  else
    let high = positive_of_int64 (Int64.shift_right_logical n 1) in
    if Int64.logand n 1L = 1L then XI high else XO high

let z_of_int64 n =
  if n = 0L then Z0
  else if Int64.compare n 0L > 0 then Zpos (positive_of_int64 n)
  else Zneg (positive_of_int64 (Int64.neg n))

let rec int64_of_positive = function
  | XH -> 1L
  | XO p -> Int64.shift_left (int64_of_positive p) 1
  | XI p -> Int64.logor (Int64.shift_left (int64_of_positive p) 1) 1L

(* Wraps exactly at -2^63, the only magnitude beyond max_int a literal can have. *)
let string_of_z = function
  | Z0 -> "0"
  | Zpos p -> Int64.to_string (int64_of_positive p)
  | Zneg p -> Int64.to_string (Int64.neg (int64_of_positive p))

let int_literal what s c =
  if not (is_int s) then malformed "expected %s, got '%s' at column %d" what s c;
  match Int64.of_string_opt s with
  | Some n -> n
  | None -> malformed "integer %s at column %d does not fit in 64 bits" s c

(* ---- requests ---- *)

let ident what = function
  | Atom (s, _) when is_ident s -> s
  | x -> malformed "expected %s, got %s" what (describe x)

let rec value = function
  | Atom (s, c) -> VInt (z_of_int64 (int_literal "a value" s c))
  | Str (s, _) -> VStr s
  | List (Atom ("list", _) :: vs, _) -> VList (List.map value vs)
  | x -> malformed "expected a value (INT, string or (list ...)), got %s" (describe x)

let attribute = function
  | List ([k; v], _) -> (ident "an attribute name" k, value v)
  | x -> malformed "expected an attribute (name value), got %s" (describe x)

(* Attributes may arrive in any order: sorted by name (bytes of UTF-8 sort
   as code points), a repeated name is malformed. *)
let attributes sexp =
  match sexp with
  | List (items, _) ->
      let sorted = List.stable_sort (fun (a, _) (b, _) -> String.compare a b) (List.map attribute items) in
      let rec check = function
        | (a, _) :: ((b, _) :: _ as rest) ->
            if a = b then malformed "duplicate attribute %s in the attribute list at column %d" a (column sexp);
            check rest
        | _ -> ()
      in
      check sorted;
      sorted
  | x -> malformed "expected the attribute list of a term, got %s" (describe x)

let rec term = function
  | List (op :: attrs :: kids, _) -> Node (ident "an operator name" op, attributes attrs, List.map term kids)
  | x -> malformed "expected a term (OP (attributes) term ...), got %s" (describe x)

let binary_ops =
  [ ("+", fun a b -> GArith (AAdd, a, b)); ("-", fun a b -> GArith (ASub, a, b));
    ("*", fun a b -> GArith (AMul, a, b)); ("/", fun a b -> GArith (ADiv, a, b));
    ("%", fun a b -> GArith (AMod, a, b));
    ("==", fun a b -> GEq (a, b)); ("!=", fun a b -> GNe (a, b));
    ("<", fun a b -> GCmp (CLt, a, b)); ("<=", fun a b -> GCmp (CLe, a, b));
    (">", fun a b -> GCmp (CGt, a, b)); (">=", fun a b -> GCmp (CGe, a, b));
    ("and", fun a b -> GAndAlso (a, b)); ("or", fun a b -> GOrElse (a, b)) ]

let rec guard = function
  | Atom ("true", _) -> GTrue
  | Atom ("false", _) -> GFalse
  | Atom (s, c) -> GInt (z_of_int64 (int_literal "a guard" s c))
  | Str (s, _) -> GStr s
  | List (Atom ("list", _) :: gs, _) -> GList (List.map guard gs)
  | List ([Atom ("opof", _); x], _) -> GOpOf (ident "a term variable" x)
  | List ([Atom ("attr", _); x; Str (a, _)], _) -> GAttr (ident "a term variable" x, a)
  | List ([Atom ("arity", _); x], _) -> GArity (ident "a term variable" x)
  | List ([Atom ("fname", _); f], _) -> GFName (ident "a function variable" f)
  | List ([Atom ("len", _); g], _) -> GLen (guard g)
  | List ([Atom ("index", _); g; i], _) -> GIndex (guard g, guard i)
  | List ([Atom ("not", _); g], _) -> GNot (guard g)
  | List ([Atom (op, _); a; b], _) when List.mem_assoc op binary_ops ->
      (List.assoc op binary_ops) (guard a) (guard b)
  | x -> malformed "expected a guard, got %s" (describe x)

let rec pattern = function
  | Atom ("_", _) -> PWild
  | List ([Atom ("var", _); x], _) -> PVar (ident "a term variable" x)
  | List (Atom ("op", _) :: f :: ps, _) -> POp (ident "an operator name" f, List.map pattern ps)
  | List (Atom ("fvar", _) :: f :: ps, _) -> PFVar (ident "a function variable" f, List.map pattern ps)
  | List ([Atom ("alt", _); p; q], _) -> PAlt (pattern p, pattern q)
  | List ([Atom ("and", _); p; q], _) -> PAnd (pattern p, pattern q)
  | List ([Atom ("guard", _); p; g], _) -> PGuard (pattern p, guard g)
  | List ([Atom ("exists", _); x; p], _) -> PExists (ident "a term variable" x, pattern p)
  | List ([Atom ("existsf", _); f; p], _) -> PExistsF (ident "a function variable" f, pattern p)
  | List (Atom ("call", _) :: name :: ps, _) -> PCall (ident "a definition name" name, List.map pattern ps)
  | x -> malformed "expected a pattern, got %s" (describe x)

let definition = function
  | List ([Atom ("def", _); name; List (params, _); body], _) ->
      { d_name = ident "a definition name" name;
        d_params = List.map (ident "a parameter name") params;
        d_body = pattern body }
  | x -> malformed "expected a definition (def NAME (x ...) pattern), got %s" (describe x)

let definitions = function
  | List (ds, _) -> List.map definition ds
  | x -> malformed "expected the list of definitions, got %s" (describe x)

(* Fuel is any non-negative INT, however long.  Fuel beyond max_int (2^62 - 1)
   is clamped: no run makes that many nested calls, so no answer can change. *)
let fuel = function
  | Atom (s, c) ->
      if not (is_int s) then malformed "expected the fuel (a non-negative INT), got '%s' at column %d" s c;
      (match int_of_string_opt s with
       | Some n when n < 0 -> malformed "negative fuel %s at column %d" s c
       | Some n -> n
       | None -> if s.[0] = '-' then malformed "negative fuel %s at column %d" s c else max_int)
  | x -> malformed "expected the fuel (a non-negative INT), got %s" (describe x)

type request = { defs : defs; query : pat; subject : term; fuel : int }

let request = function
  | List ([Atom ("match", _); d; p; t; f], _) ->
      { defs = definitions d; query = pattern p; subject = term t; fuel = fuel f }
  | x -> malformed "expected (match defs pattern term FUEL), got %s" (describe x)

(* ---- answers ---- *)

let quote s =
  let b = Buffer.create (String.length s + 2) in
  Buffer.add_char b '"';
  String.iter (fun c -> if c = '"' || c = '\\' then Buffer.add_char b '\\'; Buffer.add_char b c) s;
  Buffer.add_char b '"';
  Buffer.contents b

let rec value_text b = function
  | VInt z -> Buffer.add_string b (string_of_z z)
  | VStr s -> Buffer.add_string b (quote s)
  | VList vs -> Buffer.add_string b "(list"; List.iter (fun v -> Buffer.add_char b ' '; value_text b v) vs;
                Buffer.add_char b ')'
  | VBool v -> Buffer.add_string b (if v then "true" else "false")

let rec term_text b (Node (op, attrs, kids)) =
  Buffer.add_char b '(';
  Buffer.add_string b op;
  Buffer.add_string b " (";
  List.iteri (fun i (k, v) ->
      if i > 0 then Buffer.add_char b ' ';
      Buffer.add_char b '('; Buffer.add_string b k; Buffer.add_char b ' '; value_text b v; Buffer.add_char b ')')
    attrs;
  Buffer.add_char b ')';
  List.iter (fun t -> Buffer.add_char b ' '; term_text b t) kids;
  Buffer.add_char b ')'

(* Term variables first, then function variables, each sorted by name. *)
let subst_text b s =
  let by_name l = List.sort (fun (a, _) (c, _) -> String.compare a c) l in
  let entries =
    List.map (fun (x, t) -> fun () -> Buffer.add_char b '('; Buffer.add_string b x; Buffer.add_char b ' ';
                                      term_text b t; Buffer.add_char b ')') (by_name s.tvars)
    @ List.map (fun (f, g) -> fun () -> Buffer.add_string b "(?"; Buffer.add_string b f; Buffer.add_char b ' ';
                                        Buffer.add_string b (quote g); Buffer.add_char b ')') (by_name s.fvars)
  in
  Buffer.add_char b '(';
  List.iteri (fun i emit -> if i > 0 then Buffer.add_char b ' '; emit ()) entries;
  Buffer.add_char b ')'

let error_text msg = "(error " ^ quote msg ^ ")"

let results_text = function
  | None -> "(exhausted)"
  | Some substs ->
      let b = Buffer.create 64 in
      Buffer.add_string b "(ok (";
      List.iteri (fun i s -> if i > 0 then Buffer.add_char b ' '; subst_text b s) substs;
      Buffer.add_string b "))";
      Buffer.contents b

(* One request line to its answer line. *)
let answer line =
  let r = request (parse line) in
  match wf_check r.defs r.query with
  | Some msg -> error_text ("ill-formed: " ^ msg)
  | None -> results_text (run r.defs r.fuel r.query r.subject)
