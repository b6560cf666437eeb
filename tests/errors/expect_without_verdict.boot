spec expect_without_verdict
expect pl at h1;
expect pl at h2: ;
expect pl h3: holds;
