@testable import AlmanacAnalysis
import Testing

/// Cron expressions from real Velero, Longhorn, VolSync, CNPG and CronJob manifests, in words.
struct CronDescriptionTests {
    @Test(arguments: [
        ("0 3 * * *", "daily at 03:00"),
        ("30 2 * * *", "daily at 02:30"),
        ("0 * * * *", "every hour"),
        ("15 * * * *", "every hour at :15"),
        ("*/5 * * * *", "every 5 minutes"),
        ("* * * * *", "every minute"),
        ("15 */6 * * *", "every 6 hours at :15"),
        ("0 */4 * * *", "every 4 hours"),
        ("0 0/4 * * ?", "every 4 hours"),
        ("30 2 * * 0", "Sundays at 02:30"),
        ("30 2 * * SUN", "Sundays at 02:30"),
        ("0 4 * * 7", "Sundays at 04:00"),
        ("0 1 * * 1-5", "weekdays at 01:00"),
        ("0 9 * * 6,0", "weekends at 09:00"),
        ("0 5 * * mon,wed,fri", "Mondays, Wednesdays and Fridays at 05:00"),
        ("0 3,15 * * *", "daily at 03:00 and 15:00"),
        ("0 4 1 * *", "monthly on the 1st at 04:00"),
        ("0 0 1 1 *", "yearly on 1 January at 00:00"),
        ("0 4 */7 * *", "on the 1st, 8th, 15th, 22nd and 29th of the month at 04:00"),
        ("0 8-18 * * *", "every hour from 08:00 to 18:00"),
        ("0 0 2 * * *", "daily at 02:00"),
        ("0 30 23 * * 6", "Saturdays at 23:30"),
        ("@daily", "daily at 00:00"),
        ("@hourly", "every hour"),
        ("@weekly", "Sundays at 00:00"),
        ("@every 6h", "every 6 hours"),
        ("0 3 * 1,7 *", "in January and July at 03:00"),
    ])
    func describesInWords(_ expression: String, _ words: String) {
        #expect(CronDescription.describe(expression) == words)
    }

    @Test(arguments: ["", "61 * * * *", "0 25 * * *", "a b c d e", "0 3 * *", "*/0 * * * *", "@sometimes", "*/10 * * * * *"])
    func refusesWhatItCannotSay(_ expression: String) {
        #expect(CronDescription.describe(expression) == nil)
    }

    @Test func ranksSchedulesByHowOftenTheyRun() {
        #expect(CronDescription.approximatePeriod("15 * * * *") == 3600)
        #expect(CronDescription.approximatePeriod("0 3 * * *") == 86_400)
        #expect(CronDescription.approximatePeriod("15 */6 * * *") == 21_600)
        #expect(CronDescription.approximatePeriod("0 0 2 * * *") == 86_400)
        #expect(CronDescription.approximatePeriod("@weekly") == 604_800)
    }
}
