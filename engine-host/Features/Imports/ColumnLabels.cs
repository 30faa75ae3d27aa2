using System.Text;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>
/// Column headers of exported and imported files, by JSON field name, in English and Chinese. A file can name a column
/// by its field name (<c>serialNumber</c>), its English header (<c>Serial number</c>) or its Chinese one (<c>序列号</c>).
/// </summary>
public static class ColumnLabels
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "ID",
        ["code"] = "编码",
        ["externalId"] = "外部编号",
        ["name"] = "名称",
        ["kind"] = "类型",
        ["phone"] = "电话",
        ["email"] = "邮箱",
        ["region"] = "区域",
        ["province"] = "省份",
        ["city"] = "城市",
        ["groupId"] = "客户组ID",
        ["groupCode"] = "客户组编码",
        ["tier"] = "客户等级",
        ["blacklisted"] = "黑名单",
        ["blacklistReason"] = "黑名单原因",
        ["loyaltyPoints"] = "积分",
        ["contacts"] = "联系人",
        ["addresses"] = "地址",
        ["notes"] = "备注",
        ["createdAt"] = "创建时间",
        ["updatedAt"] = "更新时间",
        ["revision"] = "版本",
        ["serialNumber"] = "序列号",
        ["modelId"] = "型号ID",
        ["modelCode"] = "型号编码",
        ["customerId"] = "客户ID",
        ["customerCode"] = "客户编码",
        ["siteAddress"] = "安装地址",
        ["productLine"] = "产品线",
        ["saleDate"] = "销售日期",
        ["acceptanceDate"] = "验收日期",
        ["warrantyEnd"] = "保修截止",
        ["contractId"] = "合同ID",
        ["contractCode"] = "合同编码",
        ["customField1"] = "自定义字段1",
        ["customField2"] = "自定义字段2",
        ["customField3"] = "自定义字段3",
        ["customField4"] = "自定义字段4",
        ["customField5"] = "自定义字段5",
        ["exclusions"] = "保修除外情形",
        ["number"] = "单号",
        ["type"] = "类型",
        ["channel"] = "渠道",
        ["installedProductId"] = "安装产品ID",
        ["symptom"] = "故障现象",
        ["priority"] = "优先级",
        ["status"] = "状态",
        ["contactName"] = "联系人",
        ["contactPhone"] = "联系电话",
        ["teamId"] = "团队ID",
        ["assigneeId"] = "处理人ID",
        ["openedAt"] = "受理时间",
        ["workStartedAt"] = "开工时间",
        ["resolvedAt"] = "解决时间",
        ["resolution"] = "解决方案",
        ["slaPolicyId"] = "SLA策略",
        ["slaPolicyVersion"] = "SLA版本",
        ["slaRuleId"] = "SLA规则",
        ["firstResponseDue"] = "响应时限",
        ["onSiteDue"] = "上门时限",
        ["resolutionDue"] = "解决时限",
        ["partsCost"] = "备件费用",
        ["labourCost"] = "服务费用",
        ["travelCost"] = "交通费用",
        ["totalCost"] = "总费用",
        ["instanceId"] = "流程实例ID",
        ["auditedAt"] = "审核时间",
        ["auditedBy"] = "审核人",
        ["modelName"] = "型号名称",
        ["warrantyMonths"] = "保修月数",
        ["pmIntervalMonths"] = "保养周期(月)",
        ["spareParts"] = "备件",
        ["level"] = "级别",
        ["coverage"] = "服务范围",
        ["startDate"] = "开始日期",
        ["endDate"] = "结束日期",
        ["partNumber"] = "备件编号",
        ["unitPrice"] = "单价",
        ["safetyStock"] = "安全库存",
        ["minStock"] = "最低库存",
        ["maxStock"] = "最高库存",
        ["title"] = "标题",
        ["solution"] = "解决方法",
        ["language"] = "语言",
        ["usageCount"] = "使用次数",
        ["articleId"] = "文章编号",
        ["sourceRequestId"] = "来源工单ID",
        ["knowledgeArticleId"] = "知识库文章",
        ["skills"] = "技能",
        ["regions"] = "区域",
        ["productLines"] = "产品线",
        ["leadCode"] = "组长编码",
        ["owner"] = "负责人",
        ["description"] = "描述",
        ["severity"] = "严重程度",
        ["subject"] = "主题",
        ["satisfaction"] = "满意度",
        ["feedback"] = "反馈",
        ["comment"] = "意见",
        ["scheduledFor"] = "计划时间",
        ["completedAt"] = "完成时间",
        ["serviceRequestId"] = "服务请求ID",
        ["reason"] = "原因",
        ["address"] = "地址",
        ["diagnosis"] = "诊断",
        ["disposition"] = "处理方式",
        ["workDone"] = "工作内容",
        ["partsUsed"] = "使用备件",
    };

    /// <summary>The header of a field in <paramref name="language"/> (<c>zh</c> or <c>en</c>).</summary>
    public static string Header(string field, string language) =>
        language == "zh" && Chinese.TryGetValue(field, out var zh) ? zh : English(field);

    /// <summary><c>serialNumber</c> → <c>Serial number</c>; <c>customField1</c> → <c>Custom field 1</c>.</summary>
    public static string English(string field)
    {
        var text = new StringBuilder(field.Length + 4);
        for (var i = 0; i < field.Length; i++)
        {
            var ch = field[i];
            if (i == 0)
                text.Append(char.ToUpperInvariant(ch));
            else if (char.IsUpper(ch) || (char.IsAsciiDigit(ch) && !char.IsAsciiDigit(field[i - 1])))
                text.Append(' ').Append(char.IsUpper(ch) && !(i + 1 < field.Length && char.IsUpper(field[i + 1])) ? char.ToLowerInvariant(ch) : ch);
            else
                text.Append(ch);
        }
        return text.ToString().Replace(" i d", " ID", StringComparison.Ordinal).Replace("Id", "ID", StringComparison.Ordinal)
            .Replace(" id", " ID", StringComparison.Ordinal);
    }

    /// <summary>The field a header names among <paramref name="fields"/>, by field name, English or Chinese header; null when none.</summary>
    public static string? FieldOf(string header, IEnumerable<string> fields)
    {
        var wanted = Normal(header);
        foreach (var field in fields)
        {
            if (Normal(field) == wanted || Normal(English(field)) == wanted
                || (Chinese.TryGetValue(field, out var zh) && Normal(zh) == wanted))
                return field;
        }
        return null;
    }

    private static string Normal(string text) =>
        new(text.Trim().Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '-')).Select(char.ToLowerInvariant).ToArray());
}
