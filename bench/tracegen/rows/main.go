package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"strconv"
	"sync"
)

// The timeline benchmark's many-rows case: N goroutines that each block on their own channel
// `rounds` times, woken one after another by a driver — about 3 state changes per round each
// (Waiting, Runnable, Running), so N=10000, rounds=34 gives ~1 M segments in 10,000 rows.
//
//	rows OUT [N] [rounds]
func main() {
	n, rounds := 10000, 34
	if len(os.Args) > 2 {
		n, _ = strconv.Atoi(os.Args[2])
	}
	if len(os.Args) > 3 {
		rounds, _ = strconv.Atoi(os.Args[3])
	}
	runtime.GOMAXPROCS(2)
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	chans := make([]chan int, n)
	var wg sync.WaitGroup
	for i := range chans {
		chans[i] = make(chan int)
		wg.Add(1)
		go func(c chan int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				<-c
			}
		}(chans[i])
	}
	for r := 0; r < rounds; r++ {
		for _, c := range chans {
			c <- r
		}
	}
	wg.Wait()
	trace.Stop()
	f.Close()
	fmt.Fprintln(os.Stderr, "done")
}
