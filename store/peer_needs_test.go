package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nmirf-hub/hub/testenv"
)

// The needs' patterns read the wording of recommendations in English, Spanish and French, and
// take a phrase, not a word that happens to occur: each "none" line is a near miss.
func TestPeerNeedsReadRecommendations(t *testing.T) {
	st := testenv.Store(t)
	for _, c := range []struct{ text, want string }{
		{"129.123. Continue cooperating with the United Nations human rights mechanisms (Costa Rica);", "[engagement]"},
		{"Submit its overdue reports to the treaty bodies", "[engagement]"},
		{"Extender una invitación permanente a los procedimientos especiales", "[engagement]"},
		{"Coopérer pleinement avec les procédures spéciales du Conseil", "[engagement]"},
		{"Strengthen cooperation with neighbouring countries against trafficking", "[]"},
		{"Continue cooperation and dialogue between the Government and non-governmental organizations (Jordan);", "[consultation]"},
		{"Garantizar la participación de la sociedad civil en la elaboración de políticas", "[consultation]"},
		{"Associer la société civile à l'élaboration du plan", "[consultation]"},
		{"Promptly approve the license applications for all civil society organizations that meet legal requirements", "[]"},
		{"Collect disaggregated data on violence against women", "[data]"},
		{"Elaborar estadísticas oficiales sobre la violencia doméstica", "[data]"},
		{"Update the criminal code", "[]"},
		{"Establish an effective and inclusive process to follow up on the recommendations of the Working Group (Norway);", "[follow-up]"},
		{"Fortalecer el seguimiento de las recomendaciones del examen", "[follow-up]"},
		{"Assurer le suivi des recommandations des organes de traités", "[engagement follow-up]"},
		{"Follow up on its commitment to modernize the justice system (Canada);", "[]"},
		{"Intensify its efforts to achieve the Sustainable Development Goals", "[sdgs]"},
		{"Continue to cooperate closely with civil society to combat child mortality so as to attain the MDG 4 (Uzbekistan);", "[consultation sdgs]"},
		{"Alcanzar los Objetivos de Desarrollo Sostenible (ODS)", "[sdgs]"},
		{"Review the working methods of the police", "[]"},
		{"Establish a national mechanism for implementation, reporting and follow-up", "[mechanism]"},
		{"Crear un mecanismo nacional de implementación y seguimiento de recomendaciones", "[follow-up mechanism]"},
		{"Establish a national preventive mechanism", "[]"},
	} {
		got, err := st.PeerNeedsOf(context.Background(), c.text)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("%q: needs %v; want %s", c.text, got, c.want)
		}
	}
}
