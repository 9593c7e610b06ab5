;; The trainer's hot loops (histogram building, row partitioning, adding a tree's leaf values to
;; the training scores) in WebAssembly.
;;
;; Why not TypeScript: in V8's optimised code every typed-array access in these loops re-checks
;; the array's map and bounds and every index addition its overflow, which made the histogram
;; loop about three times slower than this module (measured: 3.7 vs 1.2 ns per histogram
;; update, 1M rows x 25 features). Both loops add and move exactly the same values in the
;; same order as the TypeScript they replace, so trained models are bit-for-bit unchanged.
;;
;; Everything lives in the one imported memory laid out by training-memory.ts; every pointer
;; below is a byte address in it. Compiled into gbdt-kernel.wasm.ts by
;; `node tools/scripts/compile-wat.mjs libs/ml/src/lib/gbdt/gbdt-kernel.wat`
;; (gbdt-kernel.spec.ts fails when the two differ).
(module
  (import "env" "memory" (memory 0))

  ;; target[i] = source[rows[i]] for i < count: (gradient, hessian) float32 pairs moved as one
  ;; 8-byte word, so that the histogram loop reads them sequentially ("ordered gradients").
  (func (export "gather") (param $rows i32) (param $count i32) (param $source i32) (param $target i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (if (i32.lt_u (local.get $rows) (local.get $end))
      (then
        (loop $row
          (i64.store (local.get $target)
            (i64.load (i32.add (local.get $source) (i32.shl (i32.load (local.get $rows)) (i32.const 3)))))
          (local.set $target (i32.add (local.get $target) (i32.const 8)))
          (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
          (br_if $row (i32.lt_u (local.get $rows) (local.get $end)))))))

  ;; Adds the rows rows[0..count) into the histogram at $hist for the features of $plan, with
  ;; one-byte bins. $grads holds the rows' (gradient, hessian) float32 pairs in the same order.
  ;; $plan holds $numFeatures pairs (column address, byte offset of the feature's first bin in
  ;; the histogram); bin b of a feature is the float64 pair (gradient sum, hessian sum) at
  ;; $hist + offset + 16 b. A row's pair is widened to two float64 lanes once, and each update
  ;; adds it to a bin's pair with one SIMD add (the same two IEEE additions as scalar code).
  ;; Eight features share one pass over the rows, so a row id and its gradients are read once
  ;; for eight updates; the remaining features go one per pass.
  (func (export "build_u8")
    (param $rows i32) (param $count i32) (param $grads i32) (param $plan i32) (param $numFeatures i32) (param $hist i32)
    (local $end i32) (local $k i32) (local $p i32) (local $q i32) (local $r i32) (local $b i32)
    (local $gh v128)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $c4 i32) (local $c5 i32) (local $c6 i32) (local $c7 i32)
    (local $h0 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32) (local $h4 i32) (local $h5 i32) (local $h6 i32) (local $h7 i32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (block $eights_done
      (loop $eights
        (br_if $eights_done (i32.gt_u (i32.add (local.get $k) (i32.const 8)) (local.get $numFeatures)))
        (local.set $c0 (i32.load offset=0 (local.get $plan)))
        (local.set $h0 (i32.add (local.get $hist) (i32.load offset=4 (local.get $plan))))
        (local.set $c1 (i32.load offset=8 (local.get $plan)))
        (local.set $h1 (i32.add (local.get $hist) (i32.load offset=12 (local.get $plan))))
        (local.set $c2 (i32.load offset=16 (local.get $plan)))
        (local.set $h2 (i32.add (local.get $hist) (i32.load offset=20 (local.get $plan))))
        (local.set $c3 (i32.load offset=24 (local.get $plan)))
        (local.set $h3 (i32.add (local.get $hist) (i32.load offset=28 (local.get $plan))))
        (local.set $c4 (i32.load offset=32 (local.get $plan)))
        (local.set $h4 (i32.add (local.get $hist) (i32.load offset=36 (local.get $plan))))
        (local.set $c5 (i32.load offset=40 (local.get $plan)))
        (local.set $h5 (i32.add (local.get $hist) (i32.load offset=44 (local.get $plan))))
        (local.set $c6 (i32.load offset=48 (local.get $plan)))
        (local.set $h6 (i32.add (local.get $hist) (i32.load offset=52 (local.get $plan))))
        (local.set $c7 (i32.load offset=56 (local.get $plan)))
        (local.set $h7 (i32.add (local.get $hist) (i32.load offset=60 (local.get $plan))))
        (local.set $p (local.get $rows))
        (local.set $q (local.get $grads))
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (loop $row
              (local.set $r (i32.load (local.get $p)))
              (local.set $gh (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))))
              (local.set $b (i32.add (local.get $h0) (i32.shl (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h1) (i32.shl (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h2) (i32.shl (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h3) (i32.shl (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h4) (i32.shl (i32.load8_u (i32.add (local.get $c4) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h5) (i32.shl (i32.load8_u (i32.add (local.get $c5) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h6) (i32.shl (i32.load8_u (i32.add (local.get $c6) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $b (i32.add (local.get $h7) (i32.shl (i32.load8_u (i32.add (local.get $c7) (local.get $r))) (i32.const 4))))
              (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (local.get $gh)))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $row (i32.lt_u (local.get $p) (local.get $end))))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (local.set $plan (i32.add (local.get $plan) (i32.const 64)))
        (br $eights)))
    (block $ones_done
      (loop $ones
        (br_if $ones_done (i32.ge_u (local.get $k) (local.get $numFeatures)))
        (local.set $c0 (i32.load offset=0 (local.get $plan)))
        (local.set $h0 (i32.add (local.get $hist) (i32.load offset=4 (local.get $plan))))
        (local.set $p (local.get $rows))
        (local.set $q (local.get $grads))
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (loop $row
              (local.set $b (i32.add (local.get $h0)
                (i32.shl (i32.load8_u (i32.add (local.get $c0) (i32.load (local.get $p)))) (i32.const 4))))
              (v128.store (local.get $b)
                (f64x2.add (v128.load (local.get $b)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q)))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $row (i32.lt_u (local.get $p) (local.get $end))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $plan (i32.add (local.get $plan) (i32.const 8)))
        (br $ones))))

  ;; build_u8 for two-byte bins (features with more than 256 bins), one feature per pass: rare
  ;; enough (maxBin above 255) not to need its own eight-feature loop.
  (func (export "build_u16")
    (param $rows i32) (param $count i32) (param $grads i32) (param $plan i32) (param $numFeatures i32) (param $hist i32)
    (local $end i32) (local $k i32) (local $p i32) (local $q i32) (local $b i32) (local $c0 i32) (local $h0 i32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (block $ones_done
      (loop $ones
        (br_if $ones_done (i32.ge_u (local.get $k) (local.get $numFeatures)))
        (local.set $c0 (i32.load offset=0 (local.get $plan)))
        (local.set $h0 (i32.add (local.get $hist) (i32.load offset=4 (local.get $plan))))
        (local.set $p (local.get $rows))
        (local.set $q (local.get $grads))
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (loop $row
              (local.set $b (i32.add (local.get $h0)
                (i32.shl
                  (i32.load16_u (i32.add (local.get $c0) (i32.shl (i32.load (local.get $p)) (i32.const 1))))
                  (i32.const 4))))
              (v128.store (local.get $b)
                (f64x2.add (v128.load (local.get $b)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q)))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $row (i32.lt_u (local.get $p) (local.get $end))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $plan (i32.add (local.get $plan) (i32.const 8)))
        (br $ones))))

  ;; scores[rows[i]] += $value for i < count: a new tree's leaf value added to the float64 scores
  ;; of the rows in one leaf (ascending row ids, so the writes move forward through the scores).
  (func (export "add_to_rows") (param $rows i32) (param $count i32) (param $scores i32) (param $value f64)
    (local $end i32) (local $at i32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (if (i32.lt_u (local.get $rows) (local.get $end))
      (then
        (loop $row
          (local.set $at (i32.add (local.get $scores) (i32.shl (i32.load (local.get $rows)) (i32.const 3))))
          (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $value)))
          (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
          (br_if $row (i32.lt_u (local.get $rows) (local.get $end)))))))

  ;; Stable partition of the row ids in [$begin, $end) by $table[bin of the row in the column
  ;; at $column] (1 = left): left rows are compacted in place, right rows collected at
  ;; $scratch and copied back after them. Every row is written to both places and only the
  ;; counters move, as a row's side is as unpredictable as a coin. Returns the address of the
  ;; first right row.
  (func (export "split_u8")
    (param $begin i32) (param $end i32) (param $column i32) (param $table i32) (param $scratch i32) (result i32)
    (local $left i32) (local $right i32) (local $row i32) (local $goLeft i32)
    (local.set $left (local.get $begin))
    (local.set $right (local.get $scratch))
    (if (i32.lt_u (local.get $begin) (local.get $end))
      (then
        (loop $row_loop
          (local.set $row (i32.load (local.get $begin)))
          (local.set $goLeft (i32.load8_u (i32.add (local.get $table)
            (i32.load8_u (i32.add (local.get $column) (local.get $row))))))
          (i32.store (local.get $left) (local.get $row))
          (i32.store (local.get $right) (local.get $row))
          (local.set $left (i32.add (local.get $left) (i32.shl (local.get $goLeft) (i32.const 2))))
          (local.set $right (i32.add (local.get $right) (i32.shl (i32.xor (local.get $goLeft) (i32.const 1)) (i32.const 2))))
          (local.set $begin (i32.add (local.get $begin) (i32.const 4)))
          (br_if $row_loop (i32.lt_u (local.get $begin) (local.get $end))))))
    (memory.copy (local.get $left) (local.get $scratch) (i32.sub (local.get $right) (local.get $scratch)))
    (local.get $left))

  ;; split_u8 for two-byte bins.
  (func (export "split_u16")
    (param $begin i32) (param $end i32) (param $column i32) (param $table i32) (param $scratch i32) (result i32)
    (local $left i32) (local $right i32) (local $row i32) (local $goLeft i32)
    (local.set $left (local.get $begin))
    (local.set $right (local.get $scratch))
    (if (i32.lt_u (local.get $begin) (local.get $end))
      (then
        (loop $row_loop
          (local.set $row (i32.load (local.get $begin)))
          (local.set $goLeft (i32.load8_u (i32.add (local.get $table)
            (i32.load16_u (i32.add (local.get $column) (i32.shl (local.get $row) (i32.const 1)))))))
          (i32.store (local.get $left) (local.get $row))
          (i32.store (local.get $right) (local.get $row))
          (local.set $left (i32.add (local.get $left) (i32.shl (local.get $goLeft) (i32.const 2))))
          (local.set $right (i32.add (local.get $right) (i32.shl (i32.xor (local.get $goLeft) (i32.const 1)) (i32.const 2))))
          (local.set $begin (i32.add (local.get $begin) (i32.const 4)))
          (br_if $row_loop (i32.lt_u (local.get $begin) (local.get $end))))))
    (memory.copy (local.get $left) (local.get $scratch) (i32.sub (local.get $right) (local.get $scratch)))
    (local.get $left))
)
