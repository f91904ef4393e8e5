# shellcheck shell=bash
# Small helpers for scripts/bench-server.sh: statistics over files of numbers and Prometheus text.
# Sourced, not run.

# Prints "median p90 mean min max count" of the numbers in a file, one per line (same unit as the input,
# two decimals). p90 is the nearest-rank percentile: the ceil(0.9 n)-th smallest value.
bench_stats() {
  sort -g "$1" | awk '
    { v[NR] = $1; s += $1 }
    END {
      n = NR
      if (n == 0) { print "nan nan nan nan nan 0"; exit }
      m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      i = int(0.9 * n); if (i < 0.9 * n) i++; if (i < 1) i = 1
      printf "%.2f %.2f %.2f %.2f %.2f %d\n", m, v[i], s / n, v[1], v[n], n
    }'
}

# Field k (1 = median, 2 = p90, 3 = mean, 4 = min, 5 = max, 6 = count) of bench_stats' output.
bench_field() { awk -v k="$2" '{ print $k }' <<<"$1"; }

# Sum of the samples of one Prometheus metric whose labels contain every given label="value", from a
# scrape saved in a file. Prints 0 when there is none.
#   bench_metric FILE NAME [LABEL=VALUE ...]
bench_metric() {
  local file=$1 name=$2
  shift 2
  awk -v name="$name" -v wanted="$*" '
    BEGIN { n = split(wanted, w, " ") }
    $0 !~ /^#/ {
      split($0, parts, /[{ ]/)
      if (parts[1] != name) next
      for (i = 1; i <= n; i++) {
        split(w[i], kv, "=")
        if (index($0, kv[1] "=\"" kv[2] "\"") == 0) next
      }
      sum += $NF
    }
    END { printf "%.9g\n", sum + 0 }' "$file"
}

# The distinct values of one label over the samples of a metric, e.g. every verb of hpc_slurm_calls.
bench_label_values() {
  local file=$1 name=$2 label=$3
  grep -E "^$name\{" "$file" | sed -n "s/.*[{,]$label=\"\([^\"]*\)\".*/\1/p" | sort -u
}

# a / b with the given number of decimals; "n/a" when b is 0.
bench_div() {
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f\n", d, a / b }'
}
