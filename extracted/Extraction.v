(** * Extraction of the reference matcher to OCaml

    Strings are extracted to native OCaml strings (ExtrOcamlNativeString):
    Coq's [string] is a list of 8-bit characters and OCaml's [string] is a
    byte sequence, the same values; equality and append map to [=] and [^].
    [String.length] maps to OCaml's, which counts the same bytes.

    [nat] is extracted to OCaml [int] (ExtrOcamlNatInt).  Natural numbers
    here are fuel (only compared with 0 and decremented: the driver clamps
    the fuel to [max_int], which no run can exhaust), list lengths and list
    positions, all far below [max_int].  [Z.to_nat] is only applied to an
    index already checked to be below a list's length.

    Integers of guards stay Coq's binary [Z]: no overflow can happen in the
    extracted arithmetic, and the 64-bit range check of [Guard.checked] is
    computed exactly. *)

From Coq Require Import Extraction ExtrOcamlBasic ExtrOcamlNativeString ExtrOcamlNatInt.
From Coq Require Import String ZArith.
From CorePyPM Require Import Syntax Guard Subst Algorithmic WellFormed.

Extract Inlined Constant String.length => "String.length".

Extraction "corepypm.ml" run wf_check eval guard_holds empty_subst.
