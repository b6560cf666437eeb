#!/bin/bash
# test_completion.bash - the bash completion (completion/bootcheck).
#
# usage: test_completion.bash BOOTCHECK SRCROOT
#
# Sources the completion with small stand-ins for bash-completion's
# _init_completion and _filedir (the package need not be installed), then
# completes a few command lines and compares COMPREPLY.

bootcheck=$1
root=$2
cd "$root" || exit 1
failed=0

# shellcheck disable=SC2034  # the completion function reads these
_init_completion()
{
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
}
_filedir()
{
    COMPREPLY=("<files${1:+ .$1}>")
}
compopt() { :; }

# shellcheck source=completion/bootcheck disable=SC1091
source completion/bootcheck

# expect "WORDS..." "EXPECTED REPLY" (the last word is the one completed)
expect()
{
    read -r -a COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_WORDS[0]=$bootcheck
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _bootcheck
    local got="${COMPREPLY[*]}"
    if [[ $got == "$2" ]]; then
        echo "ok   '$1'"
    else
        echo "FAIL '$1': got '$got', expected '$2'"
        failed=$((failed + 1))
    fi
}

expect "bootcheck ch" "check"
expect "bootcheck l" "list"
expect "bootcheck --v" "--version"
expect "bootcheck check " "<files .boot>"
expect "bootcheck check specs/sketch.boot --form" "--format"
expect "bootcheck check specs/sketch.boot --format m" "markdown"
expect "bootcheck check specs/sketch.boot --color " "auto always never"
expect "bootcheck check specs/sketch.boot --color=al" "always"
expect "bootcheck check specs/sketch.boot --no-t" "--no-timing"
expect "bootcheck check specs/sketch.boot --placement core" "core_initcall"
expect "bootcheck check specs/sketch.boot --placement early_initcall,co" \
       "early_initcall,core_initcall"
expect "bootcheck check specs/sketch.boot -D N" "NAP="
expect "bootcheck check --quiet -D NAP=3 specs/sketch.boot --placement ident" \
       "identify_boot_cpu"
expect "bootcheck list specs/sketch.boot --d" "--dump-bytecode --dump-c"
expect "bootcheck check specs/sketch.boot --output " "<files>"
expect "bootcheck wh" "where"
expect "bootcheck where " "<files .boot>"
expect "bootcheck where specs/sketch.boot " "setup_cr_pinning"
expect "bootcheck where specs/sketch.boot setup_cr_pinning --proc" "--process"
expect "bootcheck where specs/sketch.boot setup_cr_pinning --process b" "bsp"
expect "bootcheck ord" "order"
expect "bootcheck order " "<files .boot>"
expect "bootcheck order specs/sketch.boot --format d" "dot"
expect "bootcheck order specs/sketch.boot --no-t" "--no-timing"
expect "bootcheck where specs/sketch.boot setup_cr_pinning --counter" \
       "--counterexamples"

# Without the bash-completion package: no _init_completion, no _filedir;
# bash splits --color=al at the '=' (COMP_WORDBREAKS).
unset -f _init_completion _filedir
echo "-- without bash-completion"
expect "bootcheck ch" "check"
expect "bootcheck check specs/sketch.b" "specs/sketch.boot"
expect "bootcheck check specs/sketch.boot --color = al" "always"
expect "bootcheck check specs/sketch.boot -D N" "NAP="
expect "bootcheck regress specs/sketch.boot --col" "--columns"
expect "bootcheck check specs/sketch.boot --placement core" "core_initcall"

echo "$failed failed"
[[ $failed -eq 0 ]]
