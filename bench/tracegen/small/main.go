package main

import (
	"context"
	"os"
	"runtime"
	"runtime/trace"
	"sync"
	"time"
)

// A small multi-generation trace: leaks, a worker pool, user tasks/regions/logs, a GC.
func main() {
	f, _ := os.Create(os.Args[1])
	trace.Start(f)
	runtime.GC()
	ctx, task := trace.NewTask(context.Background(), "main-task")
	for i := 0; i < 3; i++ {
		ch := make(chan int)
		go func() { ch <- 1 }() // leaked sender
	}
	var mu sync.Mutex
	mu.Lock()
	for i := 0; i < 2; i++ {
		go func() { mu.Lock() }() // leaked locker
	}
	var wg sync.WaitGroup
	jobs := make(chan int)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				trace.WithRegion(ctx, "work", func() { time.Sleep(time.Duration(j) * time.Microsecond) })
			}
		}()
	}
	deadline := time.Now().Add(400 * time.Millisecond)
	n := 0
	for time.Now().Before(deadline) {
		jobs <- n % 50
		time.Sleep(2 * time.Millisecond)
		n++
		if n%50 == 0 {
			trace.Log(ctx, "progress", "tick")
			_ = make([]byte, 1<<20)
			time.Sleep(20 * time.Millisecond)
		}
	}
	close(jobs)
	wg.Wait()
	go func() { select {} }()
	time.Sleep(2 * time.Millisecond)
	task.End()
	trace.Stop()
	f.Close()
}
