package store

import "strings"

// Step is what send does with one message it wants to send, given the mail log.
type Step int

const (
	StepSend    Step = iota // never sent, failed before, or bounced and the address since corrected
	StepSent                // sent before and not bounced: not again
	StepUnknown             // cut off mid-message last time: may have arrived, not again unless asked
	StepBounced             // an earlier message to one of these addresses came back: not until it is corrected
)

// NextStep is the outbox's state machine. last is the latest mail log entry of the
// message's key (logged false when there is none); bounces are the campaign's
// standing bounces (Bounces); to are the addresses it would go to now. A bounce of
// this very message reopens it (it did not arrive); a bounce of any message to the
// unit at one of these addresses holds it back, so that a known-bad address is not
// written to again, until the office corrects it in campaign.yaml.
func NextStep(last MailEntry, logged bool, bounces []Bounce, unit string, to []string, resendUnknown bool) (Step, *Bounce) {
	for i, b := range bounces {
		if b.Unit != unit {
			continue
		}
		for _, a := range to {
			if strings.EqualFold(a, b.Recipient) {
				return StepBounced, &bounces[i]
			}
		}
	}
	switch {
	case logged && last.State == MailSent && !bouncedKey(bounces, last.MailKey):
		return StepSent, nil
	case logged && last.State == MailSending && !resendUnknown:
		return StepUnknown, nil
	}
	return StepSend, nil
}

func bouncedKey(bounces []Bounce, k MailKey) bool {
	for _, b := range bounces {
		if b.MailKey == k {
			return true
		}
	}
	return false
}
