(* pypm-ref: one request per line on stdin, one answer per line on stdout,
   flushed after each.  Blank lines and comments (first non-blank character
   ';') get no answer.  No input makes it stop: every failure is answered
   with (error "...") and the next line is read. *)

let is_comment_or_blank line =
  let n = String.length line in
  let rec first i = if i < n && Sexp.is_blank line.[i] then first (i + 1) else i in
  let i = first 0 in
  i = n || line.[i] = ';'

let answer line =
  try Wire.answer line with
  | Sexp.Malformed msg -> Wire.error_text ("malformed request: " ^ msg)
  | Stack_overflow -> Wire.error_text "stack overflow while answering this request"
  | Out_of_memory -> Wire.error_text "out of memory while answering this request"
  | e -> Wire.error_text ("internal error: " ^ Printexc.to_string e)

let () =
  let rec loop () =
    match input_line stdin with
    | exception End_of_file -> ()
    | line ->
        if not (is_comment_or_blank line) then begin
          print_string (answer line);
          print_char '\n';
          flush stdout
        end;
        loop ()
  in
  loop ()
