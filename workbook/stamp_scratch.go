package workbook

import "sync"

// stampScratch is the memory a stampFile builds a template in — the cells' slabs,
// the rows, the shared strings and their index — handed to the next template when
// this one is written (stampFile.release). A province template holds some 8,000
// cells in 1,000 rows and 1,500 strings; made afresh for each of 1,300 templates
// they were a third of generate's allocations, and so of its garbage collection.
type stampScratch struct {
	free   [][]stampCell // zeroed slabs, not in use
	used   [][]stampCell // slabs cut into the current file's rows
	rows   [][]stampRow  // zeroed row slices, not in use
	sst    []string
	sstIdx map[string]int
}

// slabCells is the size of a slab: rows are cut from it as wide as their sheet.
const slabCells = 4096

var scratchPool = sync.Pool{New: func() any { return &stampScratch{sstIdx: map[string]int{}} }}

// slab is room for at least n cells, zeroed.
func (sc *stampScratch) slab(n int) []stampCell {
	if n > slabCells {
		return make([]stampCell, n)
	}
	var s []stampCell
	if k := len(sc.free); k > 0 {
		s, sc.free = sc.free[k-1], sc.free[:k-1]
	} else {
		s = make([]stampCell, slabCells)
	}
	sc.used = append(sc.used, s)
	return s
}

// rowSlice is an empty row slice, with room when one was given back.
func (sc *stampScratch) rowSlice() []stampRow {
	if k := len(sc.rows); k > 0 {
		r := sc.rows[k-1]
		sc.rows = sc.rows[:k-1]
		return r
	}
	return nil
}

// release gives f's memory to the next template; f is not used after. Everything
// given back is zeroed first, so a new file starts from what newStampFile makes.
func (f *stampFile) release() {
	sc := f.scratch
	if sc == nil {
		return
	}
	f.scratch = nil
	for _, s := range sc.used {
		clear(s)
		sc.free = append(sc.free, s)
	}
	sc.used = sc.used[:0]
	for _, s := range f.sheets {
		if cap(s.rows) > 0 {
			r := s.rows[:cap(s.rows)]
			clear(r)
			sc.rows = append(sc.rows, r[:0])
		}
		s.rows, s.slab = nil, nil
	}
	clear(f.sst)
	sc.sst = f.sst[:0]
	clear(f.sstIdx)
	sc.sstIdx = f.sstIdx
	f.sst, f.sstIdx = nil, nil
	scratchPool.Put(sc)
}
