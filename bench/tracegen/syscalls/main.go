package main

import (
	"os"
	"runtime/trace"
	"sync"
	"syscall"
	"time"
)

// Blocking syscalls (nanosleep, pipe reads) next to busy goroutines: many syscall exits whose
// recorded exit time is earlier than the event (old format GoSysExit with a timestamp).
func main() {
	f, _ := os.Create(os.Args[1])
	trace.Start(f)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := syscall.Timespec{Nsec: 200000}
			for {
				select {
				case <-stop:
					return
				default:
				}
				syscall.Nanosleep(&ts, nil)
			}
		}()
	}
	for i := 0; i < 3; i++ {
		var p [2]int
		syscall.Pipe(p[:])
		wg.Add(2)
		go func() {
			defer wg.Done()
			b := make([]byte, 1)
			for {
				if n, _ := syscall.Read(p[0], b); n == 0 || b[0] == 0 {
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					syscall.Write(p[1], []byte{0})
					return
				default:
				}
				time.Sleep(100 * time.Microsecond)
				syscall.Write(p[1], []byte{1})
			}
		}()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				for j := 0; j < 100000; j++ {
					x += j
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	trace.Stop()
	f.Close()
}
