# Shared by the shell drivers: split "COMMAND ARGS… INPUTS…" into the map's command line, the
# inputs (the trailing arguments that are existing files) and the options merge takes (printing
# only: the partials carry every option that shapes the result).
# Sets: MAP_ARGS (array), INPUTS (array), MERGE_ARGS (array).
split_run_args() {
    local args=("$@") n=$# i
    INPUTS=()
    i=$n
    while [ "$i" -gt 1 ] && [ -f "${args[$((i - 1))]}" ]; do i=$((i - 1)); done
    INPUTS=("${args[@]:$i}")
    MAP_ARGS=()
    MERGE_ARGS=()
    local j=0 a
    while [ "$j" -lt "$i" ]; do
        a=${args[$j]}
        case "$a" in
            --stable|--fail-on-findings|--fail-on-findings=*|--output=*|--top=*|--geoip=*)
                MERGE_ARGS+=("$a"); MAP_ARGS+=("$a") ;;
            --output|--top|-n|--geoip)
                MERGE_ARGS+=("$a" "${args[$((j + 1))]}"); MAP_ARGS+=("$a" "${args[$((j + 1))]}"); j=$((j + 1)) ;;
            -o|--out)
                MERGE_ARGS+=("$a" "${args[$((j + 1))]}"); j=$((j + 1)) ;;
            *) MAP_ARGS+=("$a") ;;
        esac
        j=$((j + 1))
    done
    if [ "${#INPUTS[@]}" -eq 0 ]; then echo "no input files after the command" >&2; return 2; fi
}
