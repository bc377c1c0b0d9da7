;; The scan fast path in WebAssembly: the same loop as scanPcap() in scan.ts,
;; over the same bytes and the same tables, which live in this module's
;; memory (see arena.ts). It analyses the frames scan.ts's fast path takes,
;; exactly as it does, and one kind more: a request or first answer from a
;; host whose address is new, which it adds to the tables as Tables.addAddr
;; and addBinding would (scan.ts leaves those to process(): in JavaScript that
;; measured no faster and slowed its loop). It stops at the first frame that
;; needs Engine.process(), leaving that frame's place, with its counters and
;; the tables' new counts, in the results page at $RES; the JavaScript driver
;; (WasmScan.scan in wasm-scan.ts) calls process() and calls back in.
;;
;; Values are kept as JavaScript sees them: fields are read big-endian and
;; byte-swapped (WebAssembly loads are little-endian), IPv4 as signed i32, MACs
;; as f64 (hi16 * 2^32 + lo32), times and frame references as f64, so every
;; hash, comparison and stored value equals the JavaScript one. Only
;; little-endian classic pcap comes here (the record header is read as is).
;;
;; Regenerate src/engine/scan-wasm.ts after editing: npm run wasm
(module
  (import "env" "mem" (memory 1))
  ;; region offsets (bytes), set once by the driver
  (global $SLOTS (export "SLOTS") (mut i32) (i32.const 0))
  (global $RECS (export "RECS") (mut i32) (i32.const 0))
  (global $AREC (export "AREC") (mut i32) (i32.const 0))
  (global $ASLOTS (export "ASLOTS") (mut i32) (i32.const 0))
  (global $PEND (export "PEND") (mut i32) (i32.const 0))
  ;; where a call leaves its results (see R_* and RF_* in wasm-scan.ts): i32 counters
  ;; and hand-over fields, then at +64 the f64 ones; kept in locals while it runs.
  ;; From +256, the binding slots a read-ahead batch found (32 i32).
  (global $RES (export "RES") (mut i32) (i32.const 0))
  ;; where the read-ahead's loads go, so that they are kept
  (global $sink (mut i32) (i32.const 0))
  ;; a read-ahead batch cut short by a hand-over: where the next call would go on, and the records of the batch left
  (global $aheadAt (mut i32) (i32.const -1))
  (global $aheadLeft (mut i32) (i32.const 0))

  (func $bs16 (param $x i32) (result i32)
    (i32.or
      (i32.shl (i32.and (local.get $x) (i32.const 0xff)) (i32.const 8))
      (i32.shr_u (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8))))

  (func $bs32 (param $x i32) (result i32)
    (i32.or
      (i32.or
        (i32.shl (local.get $x) (i32.const 24))
        (i32.shl (i32.and (local.get $x) (i32.const 0xff00)) (i32.const 8)))
      (i32.or
        (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
        (i32.shr_u (local.get $x) (i32.const 24)))))

  ;; hash3() of tables.ts
  (func $h3 (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local $h i32)
    (local.set $h (i32.mul (i32.xor (local.get $a) (i32.const 0x5bd1e995)) (i32.const 0x9e3779b1)))
    (local.set $h (i32.mul
      (i32.xor (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))) (local.get $b))
      (i32.const 0x85ebca6b)))
    (local.set $h (i32.mul
      (i32.xor (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (local.get $c))
      (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; Walks the records in [p, end) from frame number `frame` (reference base +
  ;; frame); returns where it stopped: at the end of the complete records, or
  ;; after the hand-over frame (R_HAND >= 0). $open is 0 while VRRP is seen
  ;; (every ARP frame then goes to process()); $ahead asks for the read-ahead;
  ;; $hosts allows adding hosts here; $aCnt and $bCnt are the tables' counts
  ;; (returned, updated, in the results page), $aMask the address index's
  ;; mask and $maxA the address cap.
  (func (export "scan")
    (param $p i32) (param $end i32) (param $hdr i32) (param $maxRecord i32) (param $ns i32)
    (param $base f64) (param $frameIn f64) (param $open i32) (param $vKey i32) (param $vIdx i32)
    (param $bMask i32) (param $pMask i32) (param $win f64) (param $lastUsIn f64) (param $firstUsIn f64)
    (param $ahead i32) (param $hosts i32) (param $aCnt i32) (param $bCnt i32) (param $aMask i32) (param $maxA i32)
    (result i32)
    (local $incl i32) (local $frac i32) (local $us f64) (local $wire i32) (local $off i32) (local $ref f64)
    (local $fr f64) (local $et i32) (local $a i32) (local $vkey i32) (local $tagged i32)
    (local $op i32) (local $shaHi i32) (local $shaLo i32) (local $spa i32) (local $tpa i32)
    (local $vlan i32) (local $o i32) (local $pv i32) (local $mac f64) (local $s i32) (local $v i32)
    (local $b i32) (local $age f64) (local $lastUs f64) (local $firstUs f64)
    ;; used by the byte swaps and the hash, written inline here by the build (see scripts/build-wasm.ts)
    (local $t i32) (local $h i32)
    ;; a new host: its address slot and record, and how many were added
    (local $as i32) (local $ar i32) (local $cNew i32)
    ;; counters and hand-over fields, stored to $RES when the call ends
    (local $cFrames i32) (local $cSnap i32) (local $cBack i32) (local $cReq i32) (local $cRep i32) (local $cOverw i32) (local $cLastKind i32) (local $cAnswered i32) (local $cHand i32) (local $cHIncl i32) (local $cHWire i32)
    (local $cBytes f64) (local $cSeenUs f64) (local $cSeenRef f64) (local $cHUs f64) (local $cHRef f64)
    ;; the read-ahead: records left in the batch, its cursor, a record's length and frame, a slot, the loads' sum
    (local $left i32) (local $q i32) (local $n i32) (local $f i32) (local $rv i32) (local $sink i32)
    (local.set $cHand (i32.const -1))
    (local.set $lastUs (local.get $lastUsIn))
    (local.set $firstUs (local.get $firstUsIn))
    (local.set $fr (local.get $frameIn))
    (if (i32.eq (local.get $p) (global.get $aheadAt))
      (then (local.set $left (global.get $aheadLeft))))
    (block $out
      (loop $rec
        (br_if $out (i32.lt_s (i32.sub (local.get $end) (local.get $p)) (local.get $hdr)))
        ;; With tables past the CPU caches ($ahead), each batch of 32 records is
        ;; first read ahead only to load the lines their frames will need, so
        ;; that the DRAM misses overlap: a first pass loads each frame's
        ;; binding slot and pending-request slot and keeps the slot's value,
        ;; a second loads the bindings those slots name (a short loop of
        ;; independent loads, so all of them are in flight at once). Nothing
        ;; is decided there. A batch cut short by a hand-over to process() is
        ;; taken up again by the next call from the frame after it.
        (if (i32.and (local.get $ahead) (i32.le_s (local.get $left) (i32.const 0)))
          (then
            (local.set $left (i32.const 0))
            (local.set $q (local.get $p))
            (block $raDone
              (loop $ra
                (br_if $raDone (i32.ge_u (local.get $left) (i32.const 32)))
                (br_if $raDone (i32.lt_s (i32.sub (local.get $end) (local.get $q)) (local.get $hdr)))
                (local.set $n (i32.load offset=8 (local.get $q)))
                (br_if $raDone (i32.gt_u (local.get $n) (local.get $maxRecord)))
                (br_if $raDone (i32.lt_u (i32.sub (i32.sub (local.get $end) (local.get $q)) (local.get $hdr)) (local.get $n)))
                (local.set $f (i32.add (local.get $q) (local.get $hdr)))
                (local.set $q (i32.add (local.get $f) (local.get $n)))
                (local.set $rv (i32.const 0))
                (if (i32.ge_u (local.get $n) (i32.const 42))
                  (then (if (i32.eq (i32.load16_u offset=12 (local.get $f)) (i32.const 0x0608))
                    (then
                      (local.set $spa (call $bs32 (i32.load offset=28 (local.get $f))))
                      (local.set $tpa (call $bs32 (i32.load offset=38 (local.get $f))))
                      (local.set $rv (i32.load (i32.add (global.get $SLOTS) (i32.shl
                        (i32.and
                          (call $h3 (local.get $spa) (call $bs32 (i32.load offset=24 (local.get $f))) (call $bs16 (i32.load16_u offset=22 (local.get $f))))
                          (local.get $bMask))
                        (i32.const 2)))))
                      (local.set $sink (i32.add (local.get $sink) (i32.load (i32.add (global.get $PEND) (i32.shl
                        (i32.and
                          (if (result i32) (i32.eq (i32.load16_u offset=20 (local.get $f)) (i32.const 0x0100))
                            (then (call $h3 (i32.const 0) (local.get $spa) (local.get $tpa)))
                            (else (call $h3 (i32.const 0) (local.get $tpa) (local.get $spa))))
                          (local.get $pMask))
                        (i32.const 6))))))))))
                (i32.store offset=256 (i32.add (global.get $RES) (i32.shl (local.get $left) (i32.const 2))) (local.get $rv))
                (local.set $left (i32.add (local.get $left) (i32.const 1)))
                (br $ra)))
            (local.set $n (i32.const 0))
            (block $rbDone
              (loop $rb
                (br_if $rbDone (i32.ge_u (local.get $n) (local.get $left)))
                (local.set $rv (i32.load offset=256 (i32.add (global.get $RES) (i32.shl (local.get $n) (i32.const 2)))))
                (if (local.get $rv)
                  (then (local.set $sink (i32.add (local.get $sink)
                    (i32.load offset=24 (i32.add (global.get $RECS) (i32.shl (i32.sub (local.get $rv) (i32.const 1)) (i32.const 7))))))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br $rb)))))
        (local.set $left (i32.sub (local.get $left) (i32.const 1)))
        (local.set $incl (i32.load offset=8 (local.get $p)))
        (br_if $out (i32.gt_u (local.get $incl) (local.get $maxRecord)))
        (br_if $out (i32.lt_u (i32.sub (i32.sub (local.get $end) (local.get $p)) (local.get $hdr)) (local.get $incl)))
        (local.set $frac (i32.load offset=4 (local.get $p)))
        (local.set $us (f64.add
          (f64.mul (f64.convert_i32_u (i32.load (local.get $p))) (f64.const 1e6))
          (if (result f64) (local.get $ns)
            (then (f64.floor (f64.div (f64.convert_i32_u (local.get $frac)) (f64.const 1000))))
            (else (f64.convert_i32_u (local.get $frac))))))
        (local.set $wire (i32.load offset=12 (local.get $p)))
        (local.set $off (i32.add (local.get $p) (local.get $hdr)))
        (local.set $p (i32.add (local.get $off) (local.get $incl)))
        (local.set $fr (f64.add (local.get $fr) (f64.const 1)))
        (local.set $ref (f64.add (local.get $base) (local.get $fr)))
        (block $slow
         (block $counted
          (br_if $slow (i32.lt_u (local.get $incl) (i32.const 14)))
          (local.set $et (call $bs16 (i32.load16_u offset=12 (local.get $off))))
          (local.set $a (i32.add (local.get $off) (i32.const 14)))
          (local.set $vkey (i32.const 0))
          (local.set $tagged (i32.const 0))
          (if (i32.ne (local.get $et) (i32.const 0x0806))
            (then
              (if (i32.eq (local.get $et) (i32.const 0x8100))
                (then
                  ;; one 802.1Q tag before ARP; anything else tagged takes the general path
                  (br_if $slow (i32.lt_u (local.get $incl) (i32.const 18)))
                  (br_if $slow (i32.ne (call $bs16 (i32.load16_u offset=16 (local.get $off))) (i32.const 0x0806)))
                  (local.set $vkey (i32.and (call $bs16 (i32.load16_u offset=14 (local.get $off))) (i32.const 0x0fff)))
                  (local.set $a (i32.add (local.get $off) (i32.const 18)))
                  (local.set $tagged (i32.const 1)))
                (else
                  (br_if $slow (i32.le_u (local.get $et) (i32.const 1500)))
                  (br_if $slow (i32.eq (local.get $et) (i32.const 0x88a8)))
                  (br_if $slow (i32.eq (local.get $et) (i32.const 0x9100)))
                  (if (i32.eq (local.get $et) (i32.const 0x0800))
                    (then (br_if $slow (i32.and
                      (i32.gt_u (local.get $incl) (i32.const 23))
                      (i32.eq (i32.load8_u offset=23 (local.get $off)) (i32.const 112))))))
                  (if (i32.eq (local.get $et) (i32.const 0x86dd))
                    (then (br_if $slow (i32.and
                      (i32.gt_u (local.get $incl) (i32.const 20))
                      (i32.eq (i32.load8_u offset=20 (local.get $off)) (i32.const 112))))))
                  ;; neither ARP nor VRRP: only counted
                  (local.set $cLastKind (i32.const -1))
                  (br $counted)))))
          ;; Ethernet/IPv4 ARP, 28 bytes, request or reply
          (br_if $slow (i32.lt_u (i32.sub (i32.add (local.get $off) (local.get $incl)) (local.get $a)) (i32.const 28)))
          (br_if $slow (i32.ne (i32.load (local.get $a)) (i32.const 0x00080100)))
          (br_if $slow (i32.ne (i32.load16_u offset=4 (local.get $a)) (i32.const 0x0406)))
          (local.set $op (call $bs16 (i32.load16_u offset=6 (local.get $a))))
          (local.set $shaHi (call $bs16 (i32.load16_u offset=8 (local.get $a))))
          (local.set $shaLo (call $bs32 (i32.load offset=10 (local.get $a))))
          (local.set $spa (call $bs32 (i32.load offset=14 (local.get $a))))
          (local.set $tpa (call $bs32 (i32.load offset=24 (local.get $a))))
          ;; a sound sender MAC equal to the Ethernet source, a claiming and not
          ;; gratuitous sender IP, no VRRP, room in the tables, a known VLAN
          (br_if $slow (i32.and (local.get $shaHi) (i32.const 0x100)))
          (br_if $slow (i32.and (i32.eqz (local.get $shaHi)) (i32.eqz (local.get $shaLo))))
          (br_if $slow (i32.ne (i32.load16_u offset=6 (local.get $off)) (i32.load16_u offset=8 (local.get $a))))
          (br_if $slow (i32.ne (i32.load offset=8 (local.get $off)) (i32.load offset=10 (local.get $a))))
          (br_if $slow (i32.eqz (local.get $spa)))
          (br_if $slow (i32.eq (local.get $spa) (local.get $tpa)))
          (br_if $slow (i32.eqz (local.get $open)))
          ;; room for two more addresses and bindings (Tables.ensureRoom would compact)
          (br_if $slow (i32.gt_s (i32.add (local.get $aCnt) (i32.const 2)) (local.get $maxA)))
          (br_if $slow (i32.gt_s (i32.add (local.get $bCnt) (i32.const 2)) (i32.shl (local.get $maxA) (i32.const 1))))
          (local.set $vlan (i32.const 0))
          (if (local.get $tagged)
            (then
              (br_if $slow (i32.ne (local.get $vkey) (local.get $vKey)))
              (local.set $vlan (local.get $vIdx))))
          ;; the pending-request slot first, then the sender's binding
          (local.set $o (i32.add (global.get $PEND) (i32.shl
            (i32.and
              (if (result i32) (i32.eq (local.get $op) (i32.const 1))
                (then (call $h3 (local.get $vlan) (local.get $spa) (local.get $tpa)))
                (else (call $h3 (local.get $vlan) (local.get $tpa) (local.get $spa))))
              (local.get $pMask))
            (i32.const 6))))
          (local.set $pv (i32.load (local.get $o)))
          (local.set $mac (f64.add
            (f64.mul (f64.convert_i32_u (local.get $shaHi)) (f64.const 4294967296))
            (f64.convert_i32_u (local.get $shaLo))))
          (local.set $s (i32.and
            (call $h3 (local.get $spa) (local.get $shaLo) (i32.xor (local.get $shaHi) (i32.shl (local.get $vlan) (i32.const 16))))
            (local.get $bMask)))
          (local.set $b (i32.const 0))
          (block $found
            (loop $probe
              (local.set $v (i32.load (i32.add (global.get $SLOTS) (i32.shl (local.get $s) (i32.const 2)))))
              (br_if $found (i32.eqz (local.get $v)))
              (local.set $b (i32.add (global.get $RECS) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 7))))
              (br_if $found (i32.and
                (f64.eq (f64.load (local.get $b)) (local.get $mac))
                (i32.and
                  (i32.eq (i32.load offset=24 (local.get $b)) (local.get $spa))
                  (i32.eq (i32.load offset=28 (local.get $b)) (local.get $vlan)))))
              (local.set $b (i32.const 0))
              (local.set $s (i32.and (i32.add (local.get $s) (i32.const 1)) (local.get $bMask)))
              (br $probe)))
          (if (i32.ne (local.get $op) (i32.const 1))
            (then
              ;; the first answer to a live request from the reply's target, sent to its MAC
              (br_if $slow (i32.ne (local.get $op) (i32.const 2)))
              (br_if $slow (i32.eqz (local.get $tpa)))
              (br_if $slow (i32.ne (local.get $pv) (i32.add (local.get $vlan) (i32.const 1))))
              (br_if $slow (i32.ne (i32.load offset=4 (local.get $o)) (local.get $tpa)))
              (br_if $slow (i32.ne (i32.load offset=8 (local.get $o)) (local.get $spa)))
              (local.set $age (f64.sub (local.get $us) (f64.load offset=24 (local.get $o))))
              (br_if $slow (f64.lt (local.get $age) (f64.const 0)))
              (br_if $slow (f64.gt (local.get $age) (local.get $win)))
              (br_if $slow (i32.load offset=12 (local.get $o)))
              (br_if $slow (f64.ne (f64.load offset=16 (local.get $o)) (f64.add
                (f64.mul (f64.convert_i32_u (call $bs16 (i32.load16_u offset=18 (local.get $a)))) (f64.const 4294967296))
                (f64.convert_i32_u (call $bs32 (i32.load offset=20 (local.get $a)))))))))
          ;; A sender not seen with this MAC: when its address is new too and
          ;; neither index needs rebuilding, the host is added here as
          ;; Tables.addAddr and addBinding add it (the address at $aCnt, the
          ;; binding at $bCnt, each in the empty slot its probe ended at).
          (if (i32.eqz (local.get $b))
            (then
              (br_if $slow (i32.eqz (local.get $hosts)))
              (br_if $slow (i32.gt_u (i32.shl (i32.add (local.get $aCnt) (i32.const 1)) (i32.const 1)) (i32.add (local.get $aMask) (i32.const 1))))
              (br_if $slow (i32.gt_u (i32.shl (i32.add (local.get $bCnt) (i32.const 1)) (i32.const 1)) (i32.add (local.get $bMask) (i32.const 1))))
              (local.set $as (i32.and (call $h3 (local.get $vlan) (local.get $spa) (i32.const 0x2545f491)) (local.get $aMask)))
              (block $aFree
                (loop $aProbe
                  (local.set $v (i32.load (i32.add (global.get $ASLOTS) (i32.shl (local.get $as) (i32.const 2)))))
                  (br_if $aFree (i32.eqz (local.get $v)))
                  (local.set $ar (i32.add (global.get $AREC) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 5))))
                  ;; the address is known (with another MAC): the general path
                  (br_if $slow (i32.and
                    (i32.eq (i32.load offset=4 (local.get $ar)) (local.get $spa))
                    (i32.eq (i32.load (local.get $ar)) (local.get $vlan))))
                  (local.set $as (i32.and (i32.add (local.get $as) (i32.const 1)) (local.get $aMask)))
                  (br $aProbe)))
              ;; the address record: VLAN, IP, first binding, MAC count, owner, previous owner, last strong claim, changes
              (local.set $ar (i32.add (global.get $AREC) (i32.shl (local.get $aCnt) (i32.const 5))))
              (i32.store (local.get $ar) (local.get $vlan))
              (i32.store offset=4 (local.get $ar) (local.get $spa))
              (i32.store offset=8 (local.get $ar) (local.get $bCnt))
              (i32.store offset=12 (local.get $ar) (i32.const 1))
              (i32.store offset=16 (local.get $ar) (i32.const -1))
              (i32.store offset=20 (local.get $ar) (i32.const -1))
              (i32.store offset=24 (local.get $ar) (i32.const -1))
              (i32.store offset=28 (local.get $ar) (i32.const 0))
              (i32.store (i32.add (global.get $ASLOTS) (i32.shl (local.get $as) (i32.const 2))) (i32.add (local.get $aCnt) (i32.const 1)))
              ;; the binding record: zeroed, then key, times and frames, the only binding of address $aCnt
              (local.set $b (i32.add (global.get $RECS) (i32.shl (local.get $bCnt) (i32.const 7))))
              (i64.store offset=32 (local.get $b) (i64.const 0))
              (i64.store offset=40 (local.get $b) (i64.const 0))
              (i64.store offset=48 (local.get $b) (i64.const 0))
              (i64.store offset=56 (local.get $b) (i64.const 0))
              (i64.store offset=64 (local.get $b) (i64.const 0))
              (i64.store offset=72 (local.get $b) (i64.const 0))
              (i64.store offset=104 (local.get $b) (i64.const 0))
              (i64.store offset=112 (local.get $b) (i64.const 0))
              (i64.store offset=120 (local.get $b) (i64.const 0))
              (f64.store (local.get $b) (local.get $mac))
              (f64.store offset=8 (local.get $b) (local.get $us))
              (f64.store offset=16 (local.get $b) (local.get $ref))
              (i32.store offset=24 (local.get $b) (local.get $spa))
              (i32.store offset=28 (local.get $b) (local.get $vlan))
              (i32.store offset=32 (local.get $b) (i32.const 1))
              (f64.store offset=80 (local.get $b) (local.get $us))
              (f64.store offset=88 (local.get $b) (local.get $ref))
              (i32.store offset=96 (local.get $b) (local.get $aCnt))
              (i32.store offset=100 (local.get $b) (i32.const -1))
              (i32.store offset=104 (local.get $b) (i32.const -1))
              (i32.store (i32.add (global.get $SLOTS) (i32.shl (local.get $s) (i32.const 2))) (i32.add (local.get $bCnt) (i32.const 1)))
              (local.set $aCnt (i32.add (local.get $aCnt) (i32.const 1)))
              (local.set $bCnt (i32.add (local.get $bCnt) (i32.const 1)))
              (local.set $cNew (i32.add (local.get $cNew) (i32.const 1)))))
          ;; it must be its address's only binding
          (br_if $slow (i32.eqz (i32.and (i32.load offset=32 (local.get $b)) (i32.const 1))))
          (if (i32.eq (local.get $op) (i32.const 1))
            (then
              ;; PendingRequests.add (pending.ts: int32 vlan+1, requester IP, target IP, responders; float64 MAC, time, frames, responders)
              (if (local.get $pv)
                (then (if (f64.le (f64.sub (local.get $us) (f64.load offset=24 (local.get $o))) (local.get $win))
                  (then (if (i32.or
                      (i32.ne (local.get $pv) (i32.add (local.get $vlan) (i32.const 1)))
                      (i32.or
                        (i32.ne (i32.load offset=4 (local.get $o)) (local.get $spa))
                        (i32.ne (i32.load offset=8 (local.get $o)) (local.get $tpa))))
                    (then (local.set $cOverw (i32.add (local.get $cOverw) (i32.const 1)))))))))
              (i32.store (local.get $o) (i32.add (local.get $vlan) (i32.const 1)))
              (i32.store offset=4 (local.get $o) (local.get $spa))
              (i32.store offset=8 (local.get $o) (local.get $tpa))
              (i32.store offset=12 (local.get $o) (i32.const 0))
              (f64.store offset=16 (local.get $o) (local.get $mac))
              (f64.store offset=24 (local.get $o) (local.get $us))
              (f64.store offset=32 (local.get $o) (local.get $ref))
              (local.set $cReq (i32.add (local.get $cReq) (i32.const 1)))
              (local.set $cLastKind (i32.const 0))
              (i32.store offset=40 (local.get $b) (i32.add (i32.load offset=40 (local.get $b)) (i32.const 1))))
            (else
              (local.set $cRep (i32.add (local.get $cRep) (i32.const 1)))
              (local.set $cLastKind (i32.const 1))
              (local.set $cAnswered (i32.const 1))
              (i32.store offset=44 (local.get $b) (i32.add (i32.load offset=44 (local.get $b)) (i32.const 1)))
              (f64.store offset=48 (local.get $o) (local.get $mac))
              (f64.store offset=40 (local.get $o) (local.get $ref))
              (i32.store offset=12 (local.get $o) (i32.const 1))
              (i32.store offset=72 (local.get $b) (i32.add (i32.load offset=72 (local.get $b)) (i32.const 1)))
              (i32.store offset=76 (local.get $b) (i32.add (i32.load offset=76 (local.get $b)) (i32.const 1)))))
          ;; the binding's last time and frame, its claims
          (if (f64.gt (local.get $us) (f64.load offset=8 (local.get $b)))
            (then (f64.store offset=8 (local.get $b) (local.get $us))))
          (f64.store offset=16 (local.get $b) (local.get $ref))
          (i32.store offset=36 (local.get $b) (i32.add (i32.load offset=36 (local.get $b)) (i32.const 1))))
          ;; every frame the fast path took: counts, time order, the last frame seen
          (local.set $cFrames (i32.add (local.get $cFrames) (i32.const 1)))
          (local.set $cBytes (f64.add (local.get $cBytes) (f64.convert_i32_u (local.get $incl))))
          (if (i32.lt_u (local.get $incl) (local.get $wire))
            (then (local.set $cSnap (i32.add (local.get $cSnap) (i32.const 1)))))
          (if (f64.lt (local.get $us) (local.get $lastUs))
            (then (local.set $cBack (i32.add (local.get $cBack) (i32.const 1))))
            (else (local.set $lastUs (local.get $us))))
          (if (f64.lt (local.get $firstUs) (f64.const 0)) (then (local.set $firstUs (local.get $us))))
          (local.set $cSeenUs (local.get $us))
          (local.set $cSeenRef (local.get $ref))
          (br $rec))
        ;; the frame needs Engine.process()
        (local.set $cHand (local.get $off))
        (local.set $cHIncl (local.get $incl))
        (local.set $cHWire (local.get $wire))
        (local.set $cHUs (local.get $us))
        (local.set $cHRef (local.get $ref))))
    (i32.store offset=0 (global.get $RES) (local.get $cFrames))
    (i32.store offset=4 (global.get $RES) (local.get $cSnap))
    (i32.store offset=8 (global.get $RES) (local.get $cBack))
    (i32.store offset=12 (global.get $RES) (local.get $cReq))
    (i32.store offset=16 (global.get $RES) (local.get $cRep))
    (i32.store offset=20 (global.get $RES) (local.get $cOverw))
    (i32.store offset=24 (global.get $RES) (local.get $cLastKind))
    (i32.store offset=28 (global.get $RES) (local.get $cAnswered))
    (i32.store offset=32 (global.get $RES) (local.get $cHand))
    (i32.store offset=36 (global.get $RES) (local.get $cHIncl))
    (i32.store offset=40 (global.get $RES) (local.get $cHWire))
    (i32.store offset=44 (global.get $RES) (local.get $aCnt))
    (i32.store offset=48 (global.get $RES) (local.get $bCnt))
    (i32.store offset=52 (global.get $RES) (local.get $cNew))
    (f64.store offset=64 (global.get $RES) (local.get $cBytes))
    (f64.store offset=72 (global.get $RES) (local.get $lastUs))
    (f64.store offset=80 (global.get $RES) (local.get $firstUs))
    (f64.store offset=88 (global.get $RES) (local.get $cSeenUs))
    (f64.store offset=96 (global.get $RES) (local.get $cSeenRef))
    (f64.store offset=104 (global.get $RES) (local.get $fr))
    (f64.store offset=112 (global.get $RES) (local.get $cHUs))
    (f64.store offset=120 (global.get $RES) (local.get $cHRef))
    (global.set $sink (local.get $sink))
    (global.set $aheadAt (if (result i32) (i32.ge_s (local.get $cHand) (i32.const 0)) (then (local.get $p)) (else (i32.const -1))))
    (global.set $aheadLeft (local.get $left))
    (local.get $p))
)
