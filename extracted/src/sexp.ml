(* S-expressions of one request line (CORE-SPEC section 8), with the column
   (1-based) of each item for error messages. *)

type t =
  | Atom of string * int
  | Str of string * int
  | List of t list * int

exception Malformed of string

let malformed fmt = Printf.ksprintf (fun m -> raise (Malformed m)) fmt

(* Deeper nesting is refused so that reading, matching and printing stay far
   from the stack limit. *)
let max_depth = 10_000

let column = function Atom (_, c) | Str (_, c) | List (_, c) -> c

let is_blank c = c = ' ' || c = '\t' || c = '\r' || c = '\n'
let is_delimiter c = c = '(' || c = ')' || c = '"' || is_blank c

let describe = function
  | Atom (a, c) -> Printf.sprintf "'%s' at column %d" a c
  | Str (_, c) -> Printf.sprintf "a string at column %d" c
  | List (_, c) -> Printf.sprintf "a list at column %d" c

(* Reads exactly one S-expression from [line]; anything after it but blanks
   is an error. *)
let parse (line : string) : t =
  let len = String.length line in
  let pos = ref 0 in
  let skip_blanks () = while !pos < len && is_blank line.[!pos] do incr pos done in
  let read_string start =
    let buf = Buffer.create 16 in
    incr pos;
    let rec go () =
      if !pos >= len then malformed "unterminated string starting at column %d" (start + 1)
      else
        let c = line.[!pos] in
        incr pos;
        if c = '"' then Buffer.contents buf
        else if c = '\\' then begin
          if !pos >= len then malformed "unterminated string starting at column %d" (start + 1);
          let e = line.[!pos] in
          if e <> '"' && e <> '\\' then
            malformed "bad escape \\%c at column %d (only \\\" and \\\\ are escapes)" e !pos;
          incr pos;
          Buffer.add_char buf e;
          go ()
        end else begin
          Buffer.add_char buf c;
          go ()
        end
    in
    Str (go (), start + 1)
  in
  let rec read depth =
    skip_blanks ();
    if !pos >= len then malformed "unexpected end of line";
    let start = !pos in
    match line.[start] with
    | '(' ->
        if depth >= max_depth then malformed "nesting deeper than %d at column %d" max_depth (start + 1);
        incr pos;
        let rec items acc =
          skip_blanks ();
          if !pos >= len then malformed "unclosed '(' at column %d" (start + 1)
          else if line.[!pos] = ')' then (incr pos; List (List.rev acc, start + 1))
          else items (read (depth + 1) :: acc)
        in
        items []
    | ')' -> malformed "unexpected ')' at column %d" (start + 1)
    | '"' -> read_string start
    | _ ->
        while !pos < len && not (is_delimiter line.[!pos]) do incr pos done;
        Atom (String.sub line start (!pos - start), start + 1)
  in
  let sexp = read 0 in
  skip_blanks ();
  if !pos < len then malformed "unexpected text after the request at column %d" (!pos + 1);
  sexp
