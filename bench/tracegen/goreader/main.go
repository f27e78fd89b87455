package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"time"

	"gorb/trace"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	t0 := time.Now()
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		panic(err)
	}
	n := 0
	for {
		_, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		n++
	}
	d := time.Since(t0)
	fmt.Printf("%d events in %v: %.2f M events/s\n", n, d, float64(n)/d.Seconds()/1e6)
}
