//go:build !purego

#include "textflag.h"

// The scanners of scan.go. Each takes b and a start index i, 0 <= i <=
// len(b), and returns the index of the first byte in b[i:] that its
// byte-class table rejects, or len(b).
//
// A vector mask flags, 32 or 16 bytes at a time, every byte that might be
// rejected; unflagged runs are skipped without a look at the table. The
// first flagged byte is looked up in the table, and when the table allows
// it the scan goes on after it. So a mask may flag more than its table
// rejects (HTAB in a field value, "_" in a token), never less.
//
// Every load lies inside b: 32 or 16 bytes while that many remain, then one
// 16-byte load that ends at len(b), with the bits of the bytes before the
// scan's position shifted out. Below 16 bytes in all, the table alone.
// The AVX2 loop runs only when ·useAVX2 is set (CPUID, scan_amd64.go) and
// ends with VZEROUPPER before any SSE2 instruction runs.

#include "scan_amd64.h"

// SCAN is the body of a scanner: SI = &b[0], DX = len(b), AX = i, DI = the
// table. CONSTS32 and CONSTS16 load a mask's constants; MASK32 and MASK16
// set a bit in BX for each flagged byte of Y0 or X0 and may use X3-X10
// (Y3-Y10) and R9.
#define SCAN(TABLE, CONSTS32, MASK32, CONSTS16, MASK16) \
	MOVQ	b_base+0(FP), SI; \
	MOVQ	b_len+8(FP), DX; \
	MOVQ	i+24(FP), AX; \
	LEAQ	TABLE(SB), DI; \
	CMPQ	DX, $16; \
	JLT	small; \
vector: \
	CMPB	·useAVX2(SB), $0; \
	JEQ	sse; \
	CONSTS32; \
loop32: \
	LEAQ	32(AX), CX; \
	CMPQ	CX, DX; \
	JHI	done32; \
	VMOVDQU	(SI)(AX*1), Y0; \
	MASK32; \
	TESTL	BX, BX; \
	JNZ	found32; \
	MOVQ	CX, AX; \
	JMP	loop32; \
found32: \
	VZEROUPPER; \
	JMP	found; \
done32: \
	VZEROUPPER; \
sse: \
	CONSTS16; \
loop16: \
	LEAQ	16(AX), CX; \
	CMPQ	CX, DX; \
	JHI	tail; \
	MOVOU	(SI)(AX*1), X0; \
	MASK16; \
	TESTL	BX, BX; \
	JNZ	found; \
	MOVQ	CX, AX; \
	JMP	loop16; \
tail: \
	CMPQ	AX, DX; \
	JEQ	ret; \
	LEAQ	-16(DX), R8; \
	MOVOU	(SI)(R8*1), X0; \
	MASK16; \
	MOVQ	AX, CX; \
	SUBQ	R8, CX; \
	SHRL	CX, BX; \
	TESTL	BX, BX; \
	JNZ	found; \
	MOVQ	DX, AX; \
	JMP	ret; \
found: \
	BSFL	BX, BX; \
	ADDQ	BX, AX; \
	MOVBLZX	(SI)(AX*1), R9; \
	CMPB	(DI)(R9*1), $0; \
	JEQ	ret; \
	INCQ	AX; \
	JMP	vector; \
small: \
	CMPQ	AX, DX; \
	JEQ	ret; \
	MOVBLZX	(SI)(AX*1), R9; \
	CMPB	(DI)(R9*1), $0; \
	JEQ	ret; \
	INCQ	AX; \
	JMP	small; \
ret: \
	MOVQ	AX, ret+32(FP); \
	RET

// func scanFieldValue(b []byte, i int) int
TEXT ·scanFieldValue(SB), NOSPLIT, $0-40
	SCAN(·fieldContent, VALUE_CONSTS32, VALUE32, VALUE_CONSTS16, VALUE16)

// func scanToken(b []byte, i int) int
TEXT ·scanToken(SB), NOSPLIT, $0-40
	SCAN(·tchar, TOKEN_CONSTS32, TOKEN32, TOKEN_CONSTS16, TOKEN16)

// func scanTarget(b []byte, i int) int
TEXT ·scanTarget(SB), NOSPLIT, $0-40
	SCAN(·targetChar, TARGET_CONSTS32, TARGET32, TARGET_CONSTS16, TARGET16)


// func cpuid(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL	leaf+0(FP), AX
	MOVL	sub+4(FP), CX
	CPUID
	MOVL	AX, a+8(FP)
	MOVL	BX, b+12(FP)
	MOVL	CX, c+16(FP)
	MOVL	DX, d+20(FP)
	RET

// func xgetbv0() (a, d uint32)
TEXT ·xgetbv0(SB), NOSPLIT, $0-8
	MOVL	$0, CX
	XGETBV
	MOVL	AX, a+0(FP)
	MOVL	DX, d+4(FP)
	RET
