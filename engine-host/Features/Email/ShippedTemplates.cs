using Microsoft.EntityFrameworkCore;

namespace Orchestrator.EngineHost.Features.Email;

/// <summary>
/// The templates the product ships, in English and Simplified Chinese. Saved as version 1 at start when a
/// (name, language) has no version yet; editing one through the API makes version 2 and is never overwritten.
/// Their model: <c>model.customerName</c>, <c>model.requestNumber</c> and the fields each one names.
/// </summary>
public static class ShippedTemplates
{
    public static readonly IReadOnlyList<EmailTemplateRecord> All =
    [
        T("request-received", "en", "We received your request {{ model.requestNumber }}",
            """
            Dear {{ model.customerName }},

            Thank you for contacting us. Your service request {{ model.requestNumber }} ({{ model.summary }}) has been received.
            {{ if model.dueAt }}We will get back to you by {{ model.dueAt }}.{{ end }}

            Please quote {{ model.requestNumber }} in any reply.
            """, "Confirms a new service request to the customer"),
        T("request-received", "zh-CN", "我们已收到您的服务请求 {{ model.requestNumber }}",
            """
            尊敬的 {{ model.customerName }}：

            感谢您的来信。您的服务请求 {{ model.requestNumber }}（{{ model.summary }}）已受理。
            {{ if model.dueAt }}我们将在 {{ model.dueAt }} 之前与您联系。{{ end }}

            回复时请注明单号 {{ model.requestNumber }}。
            """, "向客户确认已受理服务请求"),
        T("technician-appointment", "en", "Technician visit for {{ model.requestNumber }} on {{ model.date }}",
            """
            Dear {{ model.customerName }},

            Our technician {{ model.technicianName }} will visit you on {{ model.date }} between {{ model.timeWindow }}
            at {{ model.address }} for request {{ model.requestNumber }}.

            If this time does not suit you, please reply to this email.
            """, "Announces a field visit"),
        T("technician-appointment", "zh-CN", "服务请求 {{ model.requestNumber }}：工程师将于 {{ model.date }} 上门",
            """
            尊敬的 {{ model.customerName }}：

            我们的工程师 {{ model.technicianName }} 将于 {{ model.date }} {{ model.timeWindow }} 上门服务，
            地址：{{ model.address }}，服务单号 {{ model.requestNumber }}。

            如时间不便，请直接回复本邮件。
            """, "上门服务预约通知"),
        T("quote", "en", "Your quote for {{ model.requestNumber }}: {{ model.total }} {{ model.currency }}",
            """
            Dear {{ model.customerName }},

            The repair of your {{ model.productName }} is not covered by warranty. Our quote:
            {{ for line in model.lines }}
            - {{ line.description }}: {{ line.amount }} {{ model.currency }}
            {{ end }}
            Total: {{ model.total }} {{ model.currency }}, valid until {{ model.validUntil }}.

            Reply to accept or decline the quote.
            """, "A paid repair's quote for the customer to accept"),
        T("quote", "zh-CN", "服务请求 {{ model.requestNumber }} 报价：{{ model.total }} {{ model.currency }}",
            """
            尊敬的 {{ model.customerName }}：

            您的 {{ model.productName }} 维修不在保修范围内，报价如下：
            {{ for line in model.lines }}
            - {{ line.description }}：{{ line.amount }} {{ model.currency }}
            {{ end }}
            合计：{{ model.total }} {{ model.currency }}，有效期至 {{ model.validUntil }}。

            请回复确认接受或拒绝报价。
            """, "付费维修报价"),
        T("solution-proposal", "en", "A solution for {{ model.requestNumber }}: {{ model.articleTitle }}",
            """
            Dear {{ model.customerName }},

            Your problem may be solved without a visit. Please try the following:

            {{ model.solution }}

            Did this solve it? Reply "solved" and we will close the request; otherwise we continue with it.
            """, "An AutoResolve proposal from the knowledge base"),
        T("solution-proposal", "zh-CN", "服务请求 {{ model.requestNumber }} 的解决方案：{{ model.articleTitle }}",
            """
            尊敬的 {{ model.customerName }}：

            您的问题或许无需上门即可解决，请尝试以下步骤：

            {{ model.solution }}

            问题是否已解决？回复“已解决”我们将关闭请求，否则我们会继续处理。
            """, "知识库自动解决方案"),
        T("survey-invitation", "en", "How did we do on {{ model.requestNumber }}?",
            """
            Dear {{ model.customerName }},

            Your request {{ model.requestNumber }} has been closed. Please tell us how we did — it takes a minute:
            {{ model.surveyUrl }}

            Thank you!
            """, "Satisfaction survey after closure"),
        T("survey-invitation", "zh-CN", "请评价我们对 {{ model.requestNumber }} 的服务",
            """
            尊敬的 {{ model.customerName }}：

            您的服务请求 {{ model.requestNumber }} 已关闭。请花一分钟评价我们的服务：
            {{ model.surveyUrl }}

            谢谢！
            """, "服务满意度调查邀请"),
        T("sla-warning", "en", "SLA warning: {{ model.requestNumber }} is due {{ model.dueAt }}",
            """
            Hello {{ model.teamLeadName }},

            Request {{ model.requestNumber }} ({{ model.priority }}, team {{ model.team }}) has used {{ model.percentUsed }}% of its
            {{ model.target }} target and is due {{ model.dueAt }}. Current step: {{ model.currentStep }}, assignee: {{ model.assignee }}.
            """, "Warns the team lead before an SLA target is breached"),
        T("sla-warning", "zh-CN", "SLA 预警：{{ model.requestNumber }} 将于 {{ model.dueAt }} 到期",
            """
            {{ model.teamLeadName }}，您好：

            服务请求 {{ model.requestNumber }}（优先级 {{ model.priority }}，团队 {{ model.team }}）已用去 {{ model.target }} 时限的
            {{ model.percentUsed }}%，将于 {{ model.dueAt }} 到期。当前步骤：{{ model.currentStep }}，处理人：{{ model.assignee }}。
            """, "SLA 即将超时时提醒组长"),
    ];

    private static EmailTemplateRecord T(string name, string locale, string subject, string body, string description) => new()
    {
        Name = name,
        Locale = locale,
        Version = 1,
        Subject = subject,
        Body = body + "\n",
        Description = description,
    };

    /// <summary>Saves each shipped template that has no version yet in its language.</summary>
    public static async Task<int> SeedAsync(DbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var present = (await db.Set<EmailTemplateRecord>().AsNoTracking().Select(t => new { t.Name, t.Locale }).Distinct().ToListAsync(ct))
            .Select(t => (t.Name, t.Locale)).ToHashSet();
        var added = 0;
        foreach (var t in All.Where(t => !present.Contains((t.Name, t.Locale))))
        {
            db.Add(new EmailTemplateRecord
            {
                Id = Guid.NewGuid(),
                Name = t.Name,
                Locale = t.Locale,
                Version = 1,
                Subject = t.Subject,
                Body = t.Body,
                Description = t.Description,
                CreatedAt = now,
            });
            added++;
        }
        if (added > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return 0; // another node seeded them at the same moment
            }
        }
        return added;
    }
}
