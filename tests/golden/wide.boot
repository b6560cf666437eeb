# Golden test of the text layout: two placements with long names (the
# matrix numbers its rows), more constraints than fit in 72 columns (the
# matrix wraps), long values (change lines wrap), and a window.
spec wide_matrix "A spec whose matrix does not fit in 72 columns"

enum Feature { SUPERVISOR_MODE_EXECUTION_PREVENTION,
               SUPERVISOR_MODE_ACCESS_PREVENTION,
               USER_MODE_INSTRUCTION_PREVENTION,
               LINEAR_ADDRESS_SPACE_SEPARATION }

var features : set of Feature = {};
var stage : 0..3 = 0;
var pinned : bool = false;

process boot_processor {
  enable_every_feature:   features := {SUPERVISOR_MODE_EXECUTION_PREVENTION,
                                       SUPERVISOR_MODE_ACCESS_PREVENTION,
                                       USER_MODE_INSTRUCTION_PREVENTION,
                                       LINEAR_ADDRESS_SPACE_SEPARATION};
                          hook very_early_candidate_hook;
  middle_of_the_boot:     stage := 1;
                          hook much_later_candidate_hook;
  end_of_the_boot:        stage := 2;
}

placement first_placement_with_a_long_name at very_early_candidate_hook,
                                              much_later_candidate_hook {
  pinned := true;
}
placement second_placement_with_a_long_name at very_early_candidate_hook,
                                               much_later_candidate_hook {
  skip;
}

constraint PINNED_EARLY "pinned before the middle of the boot":
  at boot_processor.middle_of_the_boot: pinned;
constraint STAGE_BOUND "the stage never reaches 3": always stage < 3;
constraint FEATURES_ON "every feature is on by the end":
  at boot_processor.end_of_the_boot: card(features) = 4;
constraint NEVER_TWO "the stage never reaches 2, which it does":
  always stage < 2;
constraint REACHES_END "the boot ends": reachable stage = 2;
constraint ALWAYS_TRUE_WITH_A_LONG_ID "a constraint id longer than most":
  always true;

window OPEN "features on but not pinned": features != {} and not pinned;

expect first_placement_with_a_long_name at very_early_candidate_hook:
  violates NEVER_TWO;
expect first_placement_with_a_long_name at much_later_candidate_hook:
  violates PINNED_EARLY, NEVER_TWO;
