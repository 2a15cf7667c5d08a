package httparse

// ExpectsContinue reports whether r is an HTTP/1.1 request whose Expect field
// lists "100-continue" (compared case-insensitively). RFC 9110 §10.1.1: a
// server sends 100 (Continue) before reading such a body, and ignores the
// expectation in an HTTP/1.0 request.
func (r *Request) ExpectsContinue() bool {
	if r.ProtoMinor == 0 {
		return false
	}
	found := false
	for _, f := range r.Header {
		if equalFold(f.Name, "expect") {
			forEachMember(f.Value, func(m string, _ int) bool {
				found = found || equalFold(m, "100-continue")
				return !found
			})
		}
	}
	return found
}

// interpretHead runs once per request, when its header section is
// complete: it builds r's request-line strings from the recorded offsets,
// checks the fields that need the whole section (Host, Connection, body
// framing) and sets up the body state.
func (p *Parser) interpretHead(b []byte, r *Request) *Error {
	head := aliasString(b[:p.bodyStart])
	r.Method = head[p.lineStart:p.methodEnd]
	r.Target = head[p.targetStart:p.targetEnd]
	r.ProtoMajor, r.ProtoMinor = 1, p.minor
	if err := target(r, p.targetStart, p.targetPct); err != nil {
		return err
	}
	hostFromTarget := r.Host != ""
	hosts, keepAlive, close := 0, false, false
	framing := framingLines{cl: -1, te: -1}
	for i := range p.special {
		f := &p.special[i]
		switch v := r.Header[f.index].Value; f.kind {
		case fieldHost:
			// RFC 9112 §3.2: exactly one Host, whose value is a valid
			// uri-host [ ":" port ]. Two Host lines, or one naming two
			// hosts, leave the request's authority to each parser's taste.
			hosts++
			if hosts > 1 {
				return badRequest(rfc9112_3_2, f.nameStart, "more than one Host field")
			}
			if bad, pct := validHost(v, false); bad >= 0 {
				return hostError(pct, f.valueStart+bad, rfc9110_7_2, "invalid Host")
			}
			if !hostFromTarget {
				// RFC 9112 §3.2.2: with absolute-form, the target's
				// authority wins and Host is only checked.
				r.Host = v
			}
		case fieldConnection:
			// Connection = #connection-option; connection-option = token.
			// Browsers send a single "keep-alive", answered before the
			// list is split.
			switch {
			case equalFold(v, "keep-alive"):
				keepAlive = true
				continue
			case equalFold(v, "close"):
				close = true
				continue
			}
			bad := 0 // in v, the first byte of a member that is no token
			ok := forEachMember(v, func(m string, off int) bool {
				switch {
				case equalFold(m, "close"):
					close = true
				case equalFold(m, "keep-alive"):
					keepAlive = true
				}
				bad = off + skipToken(m, 0)
				return isToken(m)
			})
			if !ok {
				return badRequest(rfc9110_761, f.valueStart+bad, "invalid Connection option")
			}
		case fieldContentLength, fieldTransferEncoding:
			framing.add(f.kind, f.index)
		}
	}
	if hosts == 0 && p.minor > 0 && p.leniency&AllowMissingHost == 0 {
		// Reported at the empty line that ends the head: a CRLF, or a
		// bare LF under AllowBareLF.
		at := p.bodyStart - 1
		if at > 0 && b[at-1] == '\r' {
			at--
		}
		return badRequest(rfc9112_3_2, at, "missing Host field in HTTP/1.1 request")
	}
	// RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 persists
	// only with "keep-alive".
	r.Close = close || (p.minor == 0 && !keepAlive)
	kind, n := NoBody, int64(0)
	if p.framing {
		if r.Method == "CONNECT" {
			if err := connectContent(r.Header, p.special); err != nil {
				return err
			}
		}
		var bad int
		var err *Error
		// The decision of BodyFraming, on the lines recorded while the
		// section was read rather than by comparing every name again.
		kind, n, bad, err = framing.decide(r.Header, p.minor, p.lim.MaxBodyBytes)
		if err != nil {
			for _, f := range p.special {
				if f.index == bad {
					err.Offset = f.valueStart
				}
			}
			return err
		}
	}
	r.ContentLength, r.Chunked = -1, kind == ChunkedBody
	if kind == LengthBody {
		r.ContentLength = n
	}
	p.state = stateBody
	switch kind {
	case LengthBody:
		p.bodyLen = n
	case ChunkedBody:
		p.state = stateChunked
		p.chunk = chunkState{bareLF: p.leniency&AllowBareLF != 0}
	}
	p.pos = p.bodyStart
	return nil
}
