package intent_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"haoban/intent"
)

// trained returns the model fitted on the shipped training set.
func trained(tb testing.TB) (intent.Model, intent.Metrics) {
	tb.Helper()
	examples, err := intent.TrainingSet()
	if err != nil {
		tb.Fatalf("training set: %v", err)
	}
	m, metrics, err := intent.Train(examples, intent.TrainOptions{Seed: 1})
	if err != nil {
		tb.Fatalf("train: %v", err)
	}
	return m, metrics
}

// evaluationSet reads the held-out questions.
func evaluationSet(tb testing.TB) []intent.Example {
	tb.Helper()
	f, err := os.Open("testdata/eval.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out, err := intent.ReadExamples(f)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestTrain(t *testing.T) {
	m, metrics := trained(t)
	t.Run("BeatsBaseRate", func(t *testing.T) {
		t.Logf("hold-out accuracy %.3f, base rate %.3f (train %d, test %d)", metrics.Accuracy, metrics.BaseRate, metrics.TrainN, metrics.TestN)
		if metrics.Accuracy < 0.7 || metrics.Accuracy <= metrics.BaseRate {
			t.Errorf("hold-out accuracy %.3f, want ≥ 0.7 and above the base rate %.3f\n%s", metrics.Accuracy, metrics.BaseRate, metrics.ConfusionTable())
		}
	})
	t.Run("SameSeedSameModel", func(t *testing.T) {
		again, _ := trained(t)
		if !reflect.DeepEqual(m, again) {
			t.Fatal("two training runs differ")
		}
	})
	t.Run("Examples", func(t *testing.T) {
		for text, want := range map[string]intent.Kind{
			"我要开一家餐馆":  intent.Guide,
			"我的执照办到哪了": intent.Status,
			"公司章程要原件吗": intent.Material,
			"我能领生育补贴吗": intent.Policy,
			"你好":       intent.Smalltalk,
			"今天天气怎么样":  intent.Unknown,
			"营叶执照怎么办":  intent.Guide, // a typo still shares most bigrams
		} {
			if got := m.Predict(text); got.Kind != want {
				t.Errorf("Predict(%q) = %s (%.2f), want %s", text, got.Kind, got.Probability, want)
			}
		}
	})
	t.Run("SimilarFindsTheLabelledParaphrase", func(t *testing.T) {
		got := m.Similar("开个早餐店要办什么手续", 3, 0.3)
		if len(got) == 0 || got[0].Refs[0] != "open-restaurant" || got[0].Similarity >= 1 {
			t.Fatalf("Similar = %+v, want an open-restaurant question first", got)
		}
		if same := m.Similar("开饭店要办什么手续", 1, 0.3); len(same) != 1 || same[0].Similarity < 0.999 {
			t.Errorf("a training question is not most similar to itself: %+v", same)
		}
		if none := m.Similar("今天天气怎么样", 3, 0.3); len(none) != 0 {
			t.Errorf("an unknown question is like %+v, want none", none)
		}
	})
	t.Run("EmptyModelHandsOver", func(t *testing.T) {
		if got := (intent.Model{}).Predict("你好"); got.Kind != intent.Unknown {
			t.Errorf("empty model predicts %s, want unknown", got.Kind)
		}
	})
}

func TestTrainRefuses(t *testing.T) {
	examples, _ := intent.TrainingSet()
	t.Run("ErrTooFew", func(t *testing.T) {
		if _, _, err := intent.Train(examples[:10], intent.TrainOptions{}); err == nil {
			t.Fatal("trained on 10 questions")
		}
	})
	t.Run("ErrKindMissing", func(t *testing.T) {
		var noSmalltalk []intent.Example
		for _, e := range examples {
			if e.Kind != intent.Smalltalk {
				noSmalltalk = append(noSmalltalk, e)
			}
		}
		if _, _, err := intent.Train(noSmalltalk, intent.TrainOptions{}); err == nil {
			t.Fatal("trained without small talk")
		}
	})
}

func TestReadExamples(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := intent.ReadExamples(strings.NewReader("# comment\n\nguide\topen-restaurant|newborn\t开饭店\nstatus\t-\t到哪了\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := []intent.Example{{Kind: intent.Guide, Ref: "open-restaurant|newborn", Text: "开饭店"}, {Kind: intent.Status, Text: "到哪了"}}
		if !reflect.DeepEqual(got, want) || len(got[0].Refs()) != 2 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("ErrBadLines", func(t *testing.T) {
		_, err := intent.ReadExamples(strings.NewReader("guide\tx\nweather\t-\t天气\n"))
		if err == nil || !strings.Contains(err.Error(), "第 1 行") || !strings.Contains(err.Error(), "第 2 行") {
			t.Fatalf("err = %v, want both lines reported", err)
		}
	})
}

// TestEvaluationSetIsHeldOut keeps the evaluation honest: no question of
// testdata/eval.tsv may appear in the training set, and it holds at
// least 300 questions.
func TestEvaluationSetIsHeldOut(t *testing.T) {
	train, _ := intent.TrainingSet()
	seen := map[string]bool{}
	for _, e := range train {
		seen[e.Text] = true
	}
	eval := evaluationSet(t)
	if len(eval) < 300 {
		t.Errorf("evaluation set has %d questions, want ≥ 300", len(eval))
	}
	for _, e := range eval {
		if seen[e.Text] {
			t.Errorf("evaluation question %q is in the training set", e.Text)
		}
	}
}

// TestIntentAccuracy reports the model's intent accuracy on the held-out
// set; the assistant's resolution rate, which needs the knowledge base,
// is measured by postgres.TestAssistantEvaluation.
func TestIntentAccuracy(t *testing.T) {
	m, _ := trained(t)
	metrics := intent.Evaluate(m, evaluationSet(t))
	t.Logf("intent accuracy %.3f on %d held-out questions\n%s", metrics.Accuracy, metrics.TestN, metrics.ConfusionTable())
	if metrics.Accuracy < 0.8 {
		t.Errorf("intent accuracy %.3f, want ≥ 0.8", metrics.Accuracy)
	}
}

func BenchmarkTrain(b *testing.B) {
	examples, _ := intent.TrainingSet()
	for b.Loop() {
		if _, _, err := intent.Train(examples, intent.TrainOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
