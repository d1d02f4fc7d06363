package score

import (
	"strings"
	"testing"
	"time"
)

// TestNoPointsWithoutAcceptedData: a unit whose return was rejected and one that sent
// nothing get no points at all — not the formulas' 0, not the office's entered
// points — and every output names their state the same way (被退回, 未报送).
func TestNoPointsWithoutAcceptedData(t *testing.T) {
	c, d := wzetdzData(t)
	at := time.Date(2016, 1, 8, 18, 0, 0, 0, c.Location())
	delete(d.Returns, "shacheng") // its only file was rejected
	d.Attempts["shacheng"] = Attempt{State: StateRejected, ReceivedAt: at, Errors: 2}
	delete(d.Returns, "tianhe") // nothing came
	delete(d.Attempts, "tianhe")
	d.Attempts["haicheng"] = Attempt{State: StateAccepted, ReceivedAt: at.AddDate(0, 0, 5), Late: true}
	s := Score(Consolidate(c, d, nil), nil)
	for _, tc := range []struct {
		unit, state, rank, reason string
		late, points              bool
	}{
		{"shacheng", "rejected", "被退回", "1月8日报送的文件被退回（2个错误），未改正，没有可采用的数据，不计分", false, false},
		{"tianhe", "missing", "未报送", "未报送，没有可采用的数据，不计分", false, false},
		{"haicheng", "accepted", "", "", true, true},
		{"xinghai", "accepted", "", "", false, true},
	} {
		u, ok := s.Unit(tc.unit)
		if !ok {
			t.Fatalf("%s: not scored", tc.unit)
		}
		if string(u.State) != tc.state || u.Late != tc.late {
			t.Errorf("%s: state %s late %v, want %s %v", tc.unit, u.State, u.Late, tc.state, tc.late)
		}
		if s.HasPoints(*u) != tc.points {
			t.Errorf("%s: HasPoints %v, want %v", tc.unit, s.HasPoints(*u), tc.points)
		}
		if !tc.points {
			if !u.Points.IsZero() || u.Rank != 0 || s.RankText(*u) != tc.rank {
				t.Errorf("%s: points %s rank %d (%s), want 0, unranked, %s", tc.unit, u.Points, u.Rank, s.RankText(*u), tc.rank)
			}
			for _, is := range u.Items {
				if !is.Points.IsZero() || !strings.HasSuffix(is.Reason(), tc.reason) {
					t.Errorf("%s %s: %s points, reason %q, want 0 and %q", tc.unit, is.Item, is.Points, is.Reason(), tc.reason)
				}
			}
		} else if u.Rank == 0 || !u.Points.IsPositive() {
			t.Errorf("%s: rank %d points %s, want ranked with points", tc.unit, u.Rank, u.Points)
		}
	}
	// shacheng had 10 basics points entered: they are named and not counted.
	sc, _ := s.Unit("shacheng")
	if r := sc.Items[len(sc.Items)-2].Reason(); !strings.HasPrefix(r, "办公室录入的10.00分不计：") {
		t.Errorf("entered points of a rejected unit: reason %q", r)
	}
}
