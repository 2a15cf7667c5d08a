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

// Byte constants, 32 copies each, loaded whole by the AVX2 loops and by
// their low 16 bytes by the SSE2 ones.
#define BYTES32(name, q) \
	DATA name<>+0(SB)/8, $q; \
	DATA name<>+8(SB)/8, $q; \
	DATA name<>+16(SB)/8, $q; \
	DATA name<>+24(SB)/8, $q; \
	GLOBL name<>(SB), RODATA|NOPTR, $32

BYTES32(b1f, 0x1f1f1f1f1f1f1f1f)
BYTES32(b7f, 0x7f7f7f7f7f7f7f7f)
BYTES32(b20, 0x2020202020202020)
BYTES32(b9a, 0x9a9a9a9a9a9a9a9a)
BYTES32(b50, 0x5050505050505050)
BYTES32(b8a, 0x8a8a8a8a8a8a8a8a)
BYTES32(b2d, 0x2d2d2d2d2d2d2d2d)
BYTES32(b23, 0x2323232323232323)
BYTES32(b25, 0x2525252525252525)
BYTES32(b5c, 0x5c5c5c5c5c5c5c5c)

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

// field-value: flags the CTLs (below 0x20, HTAB among them) and DEL.
// X0 holds the bytes; X1 = 0x1f, X2 = 0x7f.
#define VALUE16 \
	MOVOU	X0, X3; \
	PMINUB	X1, X3; \
	PCMPEQB	X0, X3; \
	PCMPEQB	X2, X0; \
	POR	X3, X0; \
	PMOVMSKB	X0, BX

#define VALUE32 \
	VPMINUB	Y1, Y0, Y3; \
	VPCMPEQB	Y0, Y3, Y3; \
	VPCMPEQB	Y2, Y0, Y0; \
	VPOR	Y3, Y0, Y0; \
	VPMOVMSKB	Y0, BX

// token: passes ASCII letters, digits and "-", the bytes of almost every
// field name, and flags every other byte. A byte is in [lo, lo+n) when,
// biased by 0x80-lo, it is below -128+n as a signed byte.
// X1 = 0x20, X2 = 0x80-'a', X3 = -128+26, X4 = 0x80-'0', X5 = -128+10,
// X6 = '-'.
#define TOKEN16 \
	MOVOU	X0, X7; \
	POR	X1, X7; \
	PADDB	X2, X7; \
	MOVOU	X3, X8; \
	PCMPGTB	X7, X8; \
	MOVOU	X0, X7; \
	PADDB	X4, X7; \
	MOVOU	X5, X9; \
	PCMPGTB	X7, X9; \
	PCMPEQB	X6, X0; \
	POR	X8, X0; \
	POR	X9, X0; \
	PMOVMSKB	X0, BX; \
	XORL	$0xffff, BX

#define TOKEN32 \
	VPOR	Y1, Y0, Y7; \
	VPADDB	Y2, Y7, Y7; \
	VPCMPGTB	Y7, Y3, Y8; \
	VPADDB	Y4, Y0, Y7; \
	VPCMPGTB	Y7, Y5, Y9; \
	VPCMPEQB	Y6, Y0, Y0; \
	VPOR	Y8, Y0, Y0; \
	VPOR	Y9, Y0, Y0; \
	VPMOVMSKB	Y0, BX; \
	NOTL	BX

// request-target: flags every byte that is not a VCHAR (signed, VCHARs
// and DEL are the bytes above 0x20) and DEL, "#", "%" and "\".
// X1 = 0x20, X2 = 0x7f, X3 = '#', X4 = '%', X5 = '\'.
#define TARGET16 \
	MOVOU	X0, X7; \
	PCMPGTB	X1, X7; \
	MOVOU	X0, X8; \
	PCMPEQB	X2, X8; \
	MOVOU	X0, X9; \
	PCMPEQB	X3, X9; \
	MOVOU	X0, X10; \
	PCMPEQB	X4, X10; \
	PCMPEQB	X5, X0; \
	POR	X8, X0; \
	POR	X9, X0; \
	POR	X10, X0; \
	PMOVMSKB	X0, BX; \
	PMOVMSKB	X7, R9; \
	XORL	$0xffff, R9; \
	ORL	R9, BX

#define TARGET32 \
	VPCMPGTB	Y1, Y0, Y7; \
	VPCMPEQB	Y2, Y0, Y8; \
	VPCMPEQB	Y3, Y0, Y9; \
	VPCMPEQB	Y4, Y0, Y10; \
	VPCMPEQB	Y5, Y0, Y0; \
	VPOR	Y8, Y0, Y0; \
	VPOR	Y9, Y0, Y0; \
	VPOR	Y10, Y0, Y0; \
	VPCMPEQB	Y8, Y8, Y8; \
	VPXOR	Y8, Y7, Y7; \
	VPOR	Y7, Y0, Y0; \
	VPMOVMSKB	Y0, BX

#define VALUE_CONSTS32 \
	VMOVDQU	b1f<>(SB), Y1; \
	VMOVDQU	b7f<>(SB), Y2

#define VALUE_CONSTS16 \
	MOVOU	b1f<>(SB), X1; \
	MOVOU	b7f<>(SB), X2

// func scanFieldValue(b []byte, i int) int
TEXT ·scanFieldValue(SB), NOSPLIT, $0-40
	SCAN(·fieldContent, VALUE_CONSTS32, VALUE32, VALUE_CONSTS16, VALUE16)

#define TOKEN_CONSTS32 \
	VMOVDQU	b20<>(SB), Y1; \
	VMOVDQU	b1f<>(SB), Y2; \
	VMOVDQU	b9a<>(SB), Y3; \
	VMOVDQU	b50<>(SB), Y4; \
	VMOVDQU	b8a<>(SB), Y5; \
	VMOVDQU	b2d<>(SB), Y6

#define TOKEN_CONSTS16 \
	MOVOU	b20<>(SB), X1; \
	MOVOU	b1f<>(SB), X2; \
	MOVOU	b9a<>(SB), X3; \
	MOVOU	b50<>(SB), X4; \
	MOVOU	b8a<>(SB), X5; \
	MOVOU	b2d<>(SB), X6

// func scanToken(b []byte, i int) int
TEXT ·scanToken(SB), NOSPLIT, $0-40
	SCAN(·tchar, TOKEN_CONSTS32, TOKEN32, TOKEN_CONSTS16, TOKEN16)

#define TARGET_CONSTS32 \
	VMOVDQU	b20<>(SB), Y1; \
	VMOVDQU	b7f<>(SB), Y2; \
	VMOVDQU	b23<>(SB), Y3; \
	VMOVDQU	b25<>(SB), Y4; \
	VMOVDQU	b5c<>(SB), Y5

#define TARGET_CONSTS16 \
	MOVOU	b20<>(SB), X1; \
	MOVOU	b7f<>(SB), X2; \
	MOVOU	b23<>(SB), X3; \
	MOVOU	b25<>(SB), X4; \
	MOVOU	b5c<>(SB), X5

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
