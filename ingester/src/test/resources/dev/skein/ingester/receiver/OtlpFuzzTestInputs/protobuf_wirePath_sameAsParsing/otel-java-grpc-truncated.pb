
Ä
‹

service.name
java-client
 
telemetry.sdk.language
java
%
telemetry.sdk.name
opentelemetry
!
telemetry.sdk.version
1.68.0³

	emit-java0.1.0Ÿ
úOÜÿKÓ"Sí½’&)˜ ÿÖ^ır"\×ä»Q¸*charge card09nÄÕ²lWëA–á²lWëZ	›nÖ²lWëretry
attemptj!

÷eÍCİ„Hë!€1œ·­k