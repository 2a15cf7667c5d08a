package httparse

// traceLoop names a scanning loop for trace.
type traceLoop uint8

const (
	traceValue16 traceLoop = iota // valueEnd, sixteen bytes at a time
	traceValue8                   // valueEnd, eight bytes at a time
	traceValue1                   // valueEnd, one byte at a time
	traceToken8                   // tokenEnd, eight bytes at a time
	traceToken1                   // tokenEnd, one byte at a time
	traceLine                     // a search for a line end, or a check of an unfinished line
	traceList                     // forEachMember splitting a list value
	traceParse                    // a call that was not answered by Parser.more
	traceMore                     // a call answered by Parser.more
	traceOneMore                  // a call answered by Parser.oneMore
	traceVersion                  // the HTTP-version, one byte at a time
	traceVector                   // fieldValueEnd and fieldNameEnd on the vector path, the bytes skipped
	tracePort                     // validHost adding up a port's digits, one at a time
	traceLoops
)
