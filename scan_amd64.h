// Byte-class masks for the vector scanners (scan_amd64.s,
// scan_lines_amd64.s), and the constants they use. Each mask sets a bit in
// BX for each byte of X0 (Y0) it flags: every byte its byte-class table may
// reject, and perhaps some it allows, which the table then decides.

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

// field-value: flags the CTLs (below 0x20, HTAB among them) and DEL.
// X0 holds the bytes; B1F = 0x1f, B7F = 0x7f, T is free.
#define VALUEIN16(B1F, B7F, T) \
	MOVOU	X0, T; \
	PMINUB	B1F, T; \
	PCMPEQB	X0, T; \
	PCMPEQB	B7F, X0; \
	POR	T, X0; \
	PMOVMSKB	X0, BX

// The scanners' VALUE16: X1 = 0x1f, X2 = 0x7f.
#define VALUE16 VALUEIN16(X1, X2, X3)

#define VALUEIN32(B1F, B7F, T) \
	VPMINUB	B1F, Y0, T; \
	VPCMPEQB	Y0, T, T; \
	VPCMPEQB	B7F, Y0, Y0; \
	VPOR	T, Y0, Y0; \
	VPMOVMSKB	Y0, BX

#define VALUE32 VALUEIN32(Y1, Y2, Y3)

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
