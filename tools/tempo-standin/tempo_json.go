package main

import (
	"bytes"
	"encoding/json"
	"strconv"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Tempo writes its JSON with gogo jsonpb (pkg/tempopb/trace_utils.go, modules/frontend/combiner/common.go): lowerCamelCase
// field names, bytes (ids) as padded base64, 64-bit integers as strings, enums by name, zero values left out, no
// whitespace, and strings escaped the way encoding/json escapes them (<, > and & as \u003c, \u003e, \u0026).
//
// protojson gives the same names, ids, integers and enums. It differs in three ways, and gogoJSON evens out the first
// two: it adds whitespace at random (compacted here), it does not escape <, > and & (escaped here), and it writes some
// floating-point numbers with another exponent notation (1e-07 for 1e-7: the same number to any JSON reader). Tempo
// may also write an empty list or id that its storage kept as `[]` or `""`, where the stand-in leaves the field out;
// readers must treat a missing `parentSpanId` and an empty one alike (trace-check does).
func gogoJSON(m proto.Message) (json.RawMessage, error) {
	raw, err := protojson.Marshal(m)
	if err != nil {
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, err
	}
	var escaped bytes.Buffer
	json.HTMLEscape(&escaped, compact.Bytes())
	return escaped.Bytes(), nil
}

// uint64String is a uint64 written as a JSON string, as gogo jsonpb writes 64-bit integers.
type uint64String uint64

func (n uint64String) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatUint(uint64(n), 10))
}
