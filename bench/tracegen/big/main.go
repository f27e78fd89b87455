package main

import (
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	f, _ := os.Create(os.Args[1])
	trace.Start(f)
	dur, _ := time.ParseDuration(os.Args[2])
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		a, b := make(chan int), make(chan int)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					close(a)
					return
				case a <- 1:
				}
				<-b
			}
		}()
		go func() {
			defer wg.Done()
			for range a {
				b <- 1
			}
		}()
	}
	// churn: short-lived goroutines with a mutex
	var mu sync.Mutex
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			var w sync.WaitGroup
			for j := 0; j < 64; j++ {
				w.Add(1)
				go func() { mu.Lock(); mu.Unlock(); w.Done() }()
			}
			w.Wait()
		}
	}()
	time.Sleep(dur)
	close(stop)
	wg.Wait()
	trace.Stop()
	f.Close()
}
