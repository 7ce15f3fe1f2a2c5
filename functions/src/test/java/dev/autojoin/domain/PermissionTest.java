package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionTest {
    @ParameterizedTest
    @ValueSource(strings = {"post_jobs", "hire", "view_spending", "team_admin"})
    void aTeamFlagAtCompanyLevel_isRefused_sayingItIsGrantedPerTeam(String teamFlag) {
        assertThatThrownBy(() -> Permission.parse(teamFlag)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_permission");
            assertThat(e.getMessage()).contains(teamFlag, "team flag", "per team");
        });
    }

    @Test
    void theCompanyFlags_areTheCompanyWideOnes_andAutoJoinGrantsNone() {
        assertThat(Permission.values())
                .extracting(Permission::wire)
                .containsExactly("manage_settings", "manage_members", "invite", "pay");
        assertThat(Permission.AUTO_JOIN_DEFAULT).isEmpty();
        assertThatThrownBy(() -> Permission.parse("boss"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_permission"));
    }
}
