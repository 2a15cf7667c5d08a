//go:build !purego

#include "go_asm.h"
#include "textflag.h"
#include "scan_amd64.h"

// The field-value mask of scanFieldLines, which keeps X1-X6 for the
// token's.
#define LINEVALUE16 VALUEIN16(X11, X12, X13)
#define LINEVALUE32 VALUEIN32(Y11, Y12, Y13)

// BLOCKS is the first pass's loop over W-byte blocks, labels LOOP and
// LAST, X the register LOAD fills and MASK reads: it goes to flag with
// R8 = the block, R14 = the next one and BX its mask, and to runout at the
// end of b. The last block ends at len(b), with the bits of the bytes
// before R8 shifted out.
#define BLOCKS(LOOP, LAST, W, LOAD, X, MASK) \
LOOP: \
	LEAQ	W(R8), R14; \
	CMPQ	R14, DX; \
	JHI	LAST; \
	LOAD	(SI)(R8*1), X; \
	MASK; \
	TESTL	BX, BX; \
	JNZ	flag; \
	MOVQ	R14, R8; \
	JMP	LOOP; \
LAST: \
	CMPQ	R8, DX; \
	JEQ	runout; \
	LEAQ	-W(DX), R11; \
	LOAD	(SI)(R11*1), X; \
	MASK; \
	MOVQ	R8, CX; \
	SUBQ	R11, CX; \
	SHRL	CX, BX; \
	MOVQ	DX, R14; \
	TESTL	BX, BX; \
	JNZ	flag; \
	JMP	runout

// func scanFieldLines(b []byte, i int, ends *[fieldLineBatch]fieldLineEnd) (n, colon, stop int)
//
// fieldLineEnds, in two passes, so that no line's work waits for the line
// before it (below 16 bytes, less than a block, it records nothing and
// stops at i). The first finds where the lines end: it
// takes blocks from i, 32 bytes with AVX2 (·useAVX2 and len(b) >= 32, the
// last block ending at len(b); VZEROUPPER ends the pass) or else 16, and
// looks at each CTL and DEL in them (the bytes no field value holds, and
// HTAB); a CRLF ends a line, an HTAB is passed, and any other, an empty
// line or the end of b stops it. The second reads each line found, and the
// one the first stopped in, from its start: its name (as SCAN does, 16
// bytes at a time), its colon and the OWS around its value.
//
// First pass: R8 = the block, R14 = the next block, R13 = 1 for 32-byte
// blocks, R9 = the current line's start, R10 = lines found (their CRs go
// to ends), R11 = where the pass stopped (-1 when the batch is full).
// Second pass: R8 = the line's start, R13 = its number, R14 = the name's
// scan, then its colon. DI = ends, whose entries (fieldLineEnd; its fields
// and the batch size come from go_asm.h) are 16 bytes each, as
// TestFieldLineEndSize checks. R14 holds no g here: the caller of an ABI0
// function restores it.
TEXT ·scanFieldLines(SB), NOSPLIT, $0-64
	MOVQ	b_base+0(FP), SI
	MOVQ	b_len+8(FP), DX
	MOVQ	i+24(FP), AX
	MOVQ	ends+32(FP), DI
	CMPQ	DX, $16
	JLT	short
	XORL	R10, R10
	MOVQ	AX, R9
	MOVQ	AX, R8
	XORL	R13, R13
	CMPB	·useAVX2(SB), $0
	JEQ	sse
	CMPQ	DX, $32
	JLT	sse
	// AVX2: 32-byte blocks, the last one ending at len(b); R13 = 1 says
	// so, and VZEROUPPER ends the pass.
	MOVQ	$1, R13
	VMOVDQU	b1f<>(SB), Y11
	VMOVDQU	b7f<>(SB), Y12

	BLOCKS(blocks32, lastblock32, 32, VMOVDQU, Y0, LINEVALUE32)

sse:
	MOVOU	b1f<>(SB), X11
	MOVOU	b7f<>(SB), X12

	BLOCKS(blocks, lastblock, 16, MOVOU, X0, LINEVALUE16)

flag:
	// The lowest flagged byte, at R11, its bit cleared from BX.
	BSFL	BX, R11
	ADDQ	R8, R11
	LEAL	-1(BX), CX
	ANDL	CX, BX
	CMPQ	R11, R9
	JLT	nextflag
	// A CRLF, read as one little-endian word when a byte follows; else
	// an HTAB is passed and any other byte stops the pass.
	LEAQ	1(R11), CX
	CMPQ	CX, DX
	JEQ	lastbyte
	MOVWLZX	(SI)(R11*1), CX
	CMPW	CX, $0x0a0d
	JNE	notcrlf
	CMPQ	R11, R9
	JEQ	pass2
	// A CRLF ends the line at R9. The LF's bit, when the LF is in this
	// block, is the lowest left, and is cleared; else the CR was the
	// block's last byte, no bit is left to clear, and the LF, the next
	// block's first byte, is passed as lying before the next line.
	MOVQ	R10, CX
	SHLQ	$4, CX
	MOVL	R11, fieldLineEnd_cr(DI)(CX*1)
	LEAQ	2(R11), R9
	INCQ	R10
	CMPQ	R10, $const_fieldLineBatch
	JEQ	full
	LEAL	-1(BX), CX
	ANDL	CX, BX

nextflag:
	TESTL	BX, BX
	JNZ	flag
	MOVQ	R14, R8
	TESTQ	R13, R13
	JNZ	blocks32
	JMP	blocks

lastbyte:
	MOVBLZX	(SI)(R11*1), CX
notcrlf:
	CMPB	CL, $9
	JEQ	nextflag
	JMP	pass2

full:
	MOVQ	$-1, R11
	JMP	pass2

runout:
	MOVQ	DX, R11

pass2:
	TESTQ	R13, R13
	JEQ	tokenconsts
	VZEROUPPER
tokenconsts:
	LEAQ	·tchar(SB), R12
	TOKEN_CONSTS16
	XORL	R13, R13
	MOVQ	AX, R8

line:
	CMPQ	R13, R10
	JNE	name0
	CMPQ	R11, $-1
	JEQ	batchfull
	// Stopped at the line's first byte (most often the CR of the empty
	// line): no name starts there.
	MOVQ	R8, R14
	CMPQ	R11, R8
	JEQ	namestop

name0:
	MOVQ	R8, R14

name:
	LEAQ	16(R14), CX
	CMPQ	CX, DX
	JHI	nametail
	MOVOU	(SI)(R14*1), X0
	TOKEN16
	TESTL	BX, BX
	JNZ	namefound
	MOVQ	CX, R14
	JMP	name

nametail:
	CMPQ	R14, DX
	JEQ	namestop
	LEAQ	-16(DX), R9
	MOVOU	(SI)(R9*1), X0
	TOKEN16
	MOVQ	R14, CX
	SUBQ	R9, CX
	SHRL	CX, BX
	TESTL	BX, BX
	JNZ	namefound
	MOVQ	DX, R14
	JMP	namestop

namefound:
	// The flagged byte is most often the colon, which the table need not
	// be asked about; any other byte that is a tchar continues the name.
	BSFL	BX, BX
	ADDQ	BX, R14
	MOVBLZX	(SI)(R14*1), R9
	CMPB	R9B, $58
	JEQ	colon
	CMPB	(R12)(R9*1), $0
	JEQ	namestop
	INCQ	R14
	JMP	name

colon:
	CMPQ	R14, R8
	JEQ	namestop
	CMPQ	R13, R10
	JEQ	stopped
	// A whole line: its colon at R14, its CR in ends. AX = the value's
	// start after OWS, CX = its end before OWS.
	MOVQ	R13, BX
	SHLQ	$4, BX
	MOVL	R14, fieldLineEnd_colon(DI)(BX*1)
	MOVL	fieldLineEnd_cr(DI)(BX*1), R8
	// The usual value, one SP after the colon and neither OWS nor the CR
	// right after it nor before the CR, is bounded at once; any other
	// takes the loops. A whole line holds its CRLF, so the two bytes after
	// the colon are in b.
	CMPB	1(SI)(R14*1), $32
	JNE	owsslow
	CMPB	2(SI)(R14*1), $32
	JLS	owsslow
	LEAQ	2(R14), AX
	MOVQ	R8, CX
	CMPB	-1(SI)(R8*1), $32
	JHI	trailed
	JMP	trail
owsslow:
	LEAQ	1(R14), AX
ows:
	CMPQ	AX, R8
	JEQ	owsdone
	MOVBLZX	(SI)(AX*1), R9
	CMPB	R9B, $32
	JEQ	owsnext
	CMPB	R9B, $9
	JNE	owsdone
owsnext:
	INCQ	AX
	JMP	ows
owsdone:
	MOVQ	R8, CX
trail:
	CMPQ	CX, AX
	JLE	trailed
	MOVBLZX	-1(SI)(CX*1), R9
	CMPB	R9B, $32
	JEQ	trailnext
	CMPB	R9B, $9
	JNE	trailed
trailnext:
	DECQ	CX
	JMP	trail
trailed:
	MOVL	AX, fieldLineEnd_valueStart(DI)(BX*1)
	MOVL	CX, fieldLineEnd_valueEnd(DI)(BX*1)
	ADDQ	$2, R8
	INCQ	R13
	JMP	line

stopped:
	// The line the first pass stopped in: its name ends at a colon with
	// a byte after it, so its value stops where the first pass did.
	LEAQ	1(R14), CX
	CMPQ	CX, DX
	JEQ	namestop
	MOVQ	R13, n+40(FP)
	MOVQ	R14, colon+48(FP)
	MOVQ	R11, stop+56(FP)
	RET

namestop:
	MOVQ	R13, n+40(FP)
	MOVQ	$-1, colon+48(FP)
	MOVQ	R14, stop+56(FP)
	RET

short:
	MOVQ	$0, n+40(FP)
	MOVQ	$-1, colon+48(FP)
	MOVQ	AX, stop+56(FP)
	RET

batchfull:
	MOVQ	R13, n+40(FP)
	MOVQ	$-1, colon+48(FP)
	MOVQ	R8, stop+56(FP)
	RET
